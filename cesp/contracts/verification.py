"""The public verification of a contract's PDF: is it sealed by the platform, unchanged, and one of the
versions it recorded? A read: nothing is stored, not even the file."""

import hashlib
from dataclasses import dataclass

from cesp.contracts.models import ContractDocument
from cesp.core.signing import VerificationResult, verify_sealed_pdf

MAX_VERIFY_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class ContractVerification:
    result: VerificationResult  # the seal's verdict and its French sentence
    known: bool  # the exact bytes of a recorded version (looked up by SHA-256)


def contract_verify(*, data: bytes) -> ContractVerification:
    return ContractVerification(
        result=verify_sealed_pdf(data),
        known=ContractDocument.objects.filter(sha256=hashlib.sha256(data).hexdigest()).exists(),
    )
