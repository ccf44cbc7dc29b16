"""Electronic seal of the platform's documents (PAdES, with pyHanko) and their verification.

``seal_pdf(pdf, reason=..., location=...)`` applies the platform's seal: a PAdES signature
(``/SubFilter /ETSI.CAdES.detached``, SHA-256) made with the platform's key, embedding its certificate and
the chain up to the CA. The first seal of a document is a *certification* signature that allows only
form filling and further signatures afterwards (DocMDP level 2): the ASP can countersign in an incremental
update, anything else breaks the seal. When ``SIGNING_TSA_URL`` is set, the signature carries an RFC 3161
timestamp from that authority (PAdES B-T); without it (demo, tests) the signing time is the one the
platform declares (PAdES B-B). A timestamp authority that does not answer makes the seal fail
(``SealingError``): a contract is never sealed with less evidence than configured.

``verify_sealed_pdf(pdf)`` answers, for any bytes, whether they are a document sealed by this platform and
unchanged since: pyHanko validates every signature against the platform CA as the only trust root (no
network), and its difference analysis tells a legitimate later signature from a modification. The
verdict comes with a French sentence for the public verification page; it never raises on bad input.

Key material is read from the settings at each call (a renewed certificate is picked up without a
restart): ``SIGNING_KEY_FILE`` (PEM, passphrase ``SIGNING_KEY_PASSPHRASE``), ``SIGNING_CERT_FILE``,
``SIGNING_CA_CERT_FILE``; ``python manage.py create_demo_ca`` creates them for the demo.
See ``docs/signature.md``.
"""

import asyncio
import hashlib
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from cesp.rules import formatting

logger = logging.getLogger(__name__)

FIELD_NAME = "Signature-CESP"
SIGNATURE_NAME = "Plateforme CESP"
TSA_TIMEOUT_SECONDS = 10


class SealingError(Exception):
    """The document could not be sealed (unreadable PDF, timestamp authority unreachable…)."""


class VerificationCode:
    VALID = "valid"
    MODIFIED = "modified"
    NOT_SIGNED = "not_signed"
    NOT_FROM_PLATFORM = "not_from_platform"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class VerificationResult:
    """What ``verify_sealed_pdf`` found.

    ``valid`` is the verdict: sealed by the platform (``trusted``) and unchanged since (``intact``).
    ``signed_at`` is the timestamp authority's time when there is a trusted timestamp, else the time the
    platform declared; ``signer`` the common name of the sealing certificate. ``document_sha256`` is the
    hash of the bytes given, the one the contracts app records at signature.
    """

    valid: bool
    intact: bool
    trusted: bool
    signed_at: datetime | None
    signer: str | None
    document_sha256: str
    message_fr: str
    code: str = VerificationCode.UNREADABLE
    reason: str | None = None
    timestamped: bool = False
    later_signers: tuple[str, ...] = ()


# --- key material -----------------------------------------------------------------------------------


def _read_file(path: Path | str, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ImproperlyConfigured(
            f"{what} illisible ({path}) : {exc.strerror or exc}. "
            "En démonstration, lancez « python manage.py create_demo_ca »."
        ) from exc


def _load_certificates(path: Path | str, what: str) -> list:
    from pyhanko.keys import load_certs_from_pemder_data

    data = _read_file(path, what)
    try:
        certs = list(load_certs_from_pemder_data(data))
    except (ValueError, TypeError) as exc:  # asn1crypto's errors for bad PEM armour or DER
        raise ImproperlyConfigured(f"{what} ({path}) n'est pas un certificat PEM ou DER valide.") from exc
    if not certs:
        raise ImproperlyConfigured(f"{what} ({path}) ne contient aucun certificat.")
    return certs


def _ca_certificates() -> list:
    return _load_certificates(
        settings.SIGNING_CA_CERT_FILE, "Le certificat de l'autorité (SIGNING_CA_CERT_FILE)"
    )


def _platform_certificate():
    return _load_certificates(settings.SIGNING_CERT_FILE, "Le certificat de cachet (SIGNING_CERT_FILE)")[0]


def _tsa_certificates() -> list:
    if not settings.SIGNING_TSA_CA_CERT_FILE:
        return []
    return _load_certificates(
        settings.SIGNING_TSA_CA_CERT_FILE, "Le certificat de l'horodatage (SIGNING_TSA_CA_CERT_FILE)"
    )


def _platform_signer():
    from pyhanko.keys import load_private_key_from_pemder_data
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key_pem = _read_file(settings.SIGNING_KEY_FILE, "La clé de cachet (SIGNING_KEY_FILE)")
    passphrase = settings.SIGNING_KEY_PASSPHRASE.encode() if settings.SIGNING_KEY_PASSPHRASE else None
    try:
        key = load_private_key_from_pemder_data(key_pem, passphrase=passphrase)
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            f"La clé de cachet ({settings.SIGNING_KEY_FILE}) ne peut pas être lue : "
            "fichier invalide ou SIGNING_KEY_PASSPHRASE incorrecte."
        ) from exc
    chain = SimpleCertificateStore()
    chain.register_multiple(_ca_certificates())
    return signers.SimpleSigner(signing_cert=_platform_certificate(), signing_key=key, cert_registry=chain)


def _timestamper():
    """The RFC 3161 client when ``SIGNING_TSA_URL`` is set, else None (no timestamp)."""
    if not settings.SIGNING_TSA_URL:
        return None
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(settings.SIGNING_TSA_URL, timeout=TSA_TIMEOUT_SECONDS)


def _run(coro):
    """Run pyHanko's coroutine to completion, also from a thread that already runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


# --- sealing ----------------------------------------------------------------------------------------


def seal_pdf(pdf_bytes: bytes, *, reason: str, location: str, signer_name: str | None = None) -> bytes:
    """Seal a PDF with the platform's certificate (PAdES) and return the sealed PDF.

    ``reason`` and ``location`` go into the signature dictionary (shown by PDF readers), ``signer_name``
    too (``/Name``, "Plateforme CESP" by default). The input is kept byte for byte: the seal is an
    incremental update. Raises ``ImproperlyConfigured`` when the key material is missing or unreadable
    and ``SealingError`` when the PDF cannot be read or the timestamp authority does not answer.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers
    from pyhanko.sign.timestamps import TimestampRequestError

    signer = _platform_signer()
    try:
        writer = IncrementalPdfFileWriter(BytesIO(bytes(pdf_bytes)))
        existing = {name for name, _value, _ref in fields.enumerate_sig_fields(writer.prev)}
        already_signed = bool(writer.prev.embedded_signatures)
    except (PdfError, ValueError, TypeError, KeyError, IndexError) as exc:
        logger.warning(
            "seal_pdf: unreadable PDF (%d bytes, reason %r)", len(pdf_bytes), reason, exc_info=True
        )
        raise SealingError("Le document à sceller n'est pas un PDF lisible.") from exc
    if writer.prev.encrypted:
        raise SealingError("Le document à sceller est chiffré.")

    field_name, number = FIELD_NAME, 1
    while field_name in existing:
        number += 1
        field_name = f"{FIELD_NAME}-{number}"
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=reason,
        location=location,
        name=signer_name or SIGNATURE_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        # The platform's first seal certifies the document: afterwards only form filling and signatures
        # (the ASP's countersignature) are allowed. A certification signature must come first.
        certify=not already_signed,
        docmdp_permissions=fields.MDPPerm.FILL_FORMS,
    )
    pdf_signer = signers.PdfSigner(metadata, signer=signer, timestamper=_timestamper())
    try:
        output = _run(pdf_signer.async_sign_pdf(writer))
    except TimestampRequestError as exc:
        logger.warning(
            "seal_pdf: timestamp authority %s did not answer (reason %r)",
            settings.SIGNING_TSA_URL,
            reason,
            exc_info=True,
        )
        raise SealingError(
            "Le service d'horodatage ne répond pas : le document n'a pas été scellé, réessayez plus tard."
        ) from exc
    return output.getvalue()


# --- verification -----------------------------------------------------------------------------------


def _french_datetime(moment: datetime) -> str:
    return formatting.datetime_long(moment.astimezone(ZoneInfo(settings.TIME_ZONE)), "fr")


def _common_name(cert) -> str:
    """The certificate's common name for the verdict; "" when its subject cannot be read."""
    try:
        return cert.subject.native.get("common_name") or cert.subject.human_friendly
    except (ValueError, TypeError, KeyError, AttributeError):  # asn1crypto parses the subject lazily
        logger.info("verify_sealed_pdf: unreadable certificate subject", exc_info=True)
        return ""


async def _validate(embedded_sig, ca_certs: list, tsa_certs: list):
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    signer_context = ValidationContext(trust_roots=ca_certs, allow_fetching=False)
    ts_context = ValidationContext(trust_roots=ca_certs + tsa_certs, allow_fetching=False)
    try:
        return await async_validate_pdf_signature(
            embedded_sig, signer_validation_context=signer_context, ts_validation_context=ts_context
        )
    finally:
        await signer_context.aclose()
        await ts_context.aclose()


def _unchanged_since(status) -> bool:
    """No change after this signature but later signatures, form filling and long-term validation data."""
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import SignatureCoverageLevel

    if not (status.intact and status.valid):
        return False
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    return bool(status.docmdp_ok) and status.modification_level in (
        ModificationLevel.NONE,
        ModificationLevel.LTA_UPDATES,
        ModificationLevel.FORM_FILLING,
    )


def _nothing_unsigned_at_the_end(status) -> bool:
    """The last signature of the file covers it all, but for long-term validation data."""
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import SignatureCoverageLevel

    if not (status.intact and status.valid):
        return False
    return status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
        bool(status.docmdp_ok)
        and status.modification_level in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES)
    )


def verify_sealed_pdf(pdf_bytes: bytes) -> VerificationResult:
    """Say whether ``pdf_bytes`` is a document sealed by this platform and unchanged since.

    Never raises on bad input: random bytes, a truncated or encrypted file, a PDF without signature, a
    signature from another authority or a document changed after sealing each get their verdict and
    French message. Raises ``ImproperlyConfigured`` only when the platform's CA certificate is missing.
    """
    data = bytes(pdf_bytes) if isinstance(pdf_bytes, bytes | bytearray | memoryview) else b""
    digest = hashlib.sha256(data).hexdigest()

    def result(code: str, message: str, **kwargs) -> VerificationResult:
        values = {"valid": False, "intact": False, "trusted": False, "signed_at": None, "signer": None}
        values.update(kwargs)
        return VerificationResult(document_sha256=digest, message_fr=message, code=code, **values)

    try:
        from pyhanko.pdf_utils.reader import PdfFileReader

        reader = PdfFileReader(BytesIO(data))
        if reader.encrypted:
            raise ValueError("encrypted")
        signatures = list(reader.embedded_regular_signatures)
    except Exception:
        # Any bytes reach this public check: whatever the parser trips on, the verdict is "unreadable".
        logger.info(
            "verify_sealed_pdf: unreadable PDF (%d bytes, sha256 %s)", len(data), digest, exc_info=True
        )
        return result(VerificationCode.UNREADABLE, "Ce fichier n'est pas un PDF lisible.")
    if not signatures:
        return result(VerificationCode.NOT_SIGNED, "Ce document n'est pas signé.")

    ca_certs = _ca_certificates()
    tsa_certs = _tsa_certificates()
    platform_subject = _platform_certificate().subject
    statuses = []
    for index, embedded_sig in enumerate(signatures):
        try:
            statuses.append(_run(_validate(embedded_sig, ca_certs, tsa_certs)))
        except Exception:
            # A signature pyHanko cannot even evaluate (broken CMS, malformed dictionary) is a broken one.
            logger.info(
                "verify_sealed_pdf: signature %d of %d could not be validated (sha256 %s)",
                index + 1,
                len(signatures),
                digest,
                exc_info=True,
            )
            statuses.append(None)

    seal_index = next(
        (
            index
            for index, status in enumerate(statuses)
            if status is not None and status.trusted and status.signing_cert.subject == platform_subject
        ),
        None,
    )
    if seal_index is None:
        first = statuses[0]
        if any(status is None or not (status.intact and status.valid) for status in statuses):
            return result(
                VerificationCode.MODIFIED,
                "Le document a été modifié après sa signature : ses signatures ne correspondent plus "
                "à son contenu.",
            )
        return result(
            VerificationCode.NOT_FROM_PLATFORM,
            "La signature ne provient pas de la plateforme CESP : ce document n'a pas été scellé par elle.",
            intact=_unchanged_since(first),
            signer=_common_name(first.signing_cert),
            signed_at=first.signer_reported_dt,
        )

    seal = statuses[seal_index]
    timestamp = seal.timestamp_validity
    timestamped = timestamp is not None and timestamp.intact and timestamp.valid and timestamp.trusted
    signed_at = timestamp.timestamp if timestamped else seal.signer_reported_dt
    later = statuses[seal_index + 1 :]
    later_signers = tuple(_common_name(status.signing_cert) if status else "?" for status in later)
    intact = _unchanged_since(seal) and _nothing_unsigned_at_the_end(statuses[-1] or seal)
    intact = intact and all(status is not None and status.intact and status.valid for status in later)
    details = {
        "trusted": True,
        "intact": intact,
        "signed_at": signed_at,
        "signer": _common_name(seal.signing_cert),
        "reason": _reason(signatures[seal_index]),
        "timestamped": timestamped,
        "later_signers": later_signers,
    }
    if not intact:
        return result(VerificationCode.MODIFIED, "Le document a été modifié après sa signature.", **details)
    when = f" le {_french_datetime(signed_at)}" if signed_at else ""
    message = f"Document authentique et intact, scellé par la plateforme CESP{when}."
    if timestamped:
        message += " L'heure est certifiée par une autorité d'horodatage."
    if later_signers:
        message += f" Signature ajoutée ensuite : {', '.join(later_signers)}."
    return result(VerificationCode.VALID, message, valid=True, **details)


def _reason(embedded_sig) -> str | None:
    """The seal's /Reason entry; None when absent or unreadable (a later revision may redefine it)."""
    from pyhanko.pdf_utils.misc import PdfError

    try:
        reason = embedded_sig.sig_object.get("/Reason")
    except (PdfError, ValueError, TypeError, KeyError, IndexError):
        logger.info("verify_sealed_pdf: unreadable /Reason of %s", embedded_sig.field_name, exc_info=True)
        return None
    return str(reason) if reason is not None else None


def sign_detached(data: bytes) -> tuple[str, str]:
    """Sign ``data`` with the platform's key (ECDSA or RSA, SHA-256): the base64 signature and the PEM
    certificate that verifies it (kept beside the signature, so that a renewed certificate does not
    orphan older signatures). Used by the audit trail's daily digest (cesp/core/audit.py)."""
    import base64

    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

    key_pem = _read_file(settings.SIGNING_KEY_FILE, "La clé de cachet (SIGNING_KEY_FILE)")
    passphrase = settings.SIGNING_KEY_PASSPHRASE.encode() if settings.SIGNING_KEY_PASSPHRASE else None
    try:
        key = serialization.load_pem_private_key(key_pem, password=passphrase)
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            f"La clé de cachet ({settings.SIGNING_KEY_FILE}) ne peut pas être lue : "
            "fichier invalide ou SIGNING_KEY_PASSPHRASE incorrecte."
        ) from exc
    if isinstance(key, ec.EllipticCurvePrivateKey):
        signature = key.sign(data, ec.ECDSA(hashes.SHA256()))
    elif isinstance(key, rsa.RSAPrivateKey):
        signature = key.sign(data, padding.PKCS1v15(), hashes.SHA256())
    else:
        raise ImproperlyConfigured("La clé de cachet doit être une clé ECDSA ou RSA.")
    cert_pem = _read_file(settings.SIGNING_CERT_FILE, "Le certificat de cachet (SIGNING_CERT_FILE)")
    return base64.b64encode(signature).decode(), cert_pem.decode()


def verify_detached(data: bytes, signature_b64: str, certificate_pem: str) -> str | None:
    """None when ``signature_b64`` is a signature of ``data`` by the key of ``certificate_pem`` and that
    certificate was issued by the platform CA; otherwise a French sentence saying what is wrong."""
    import base64
    import binascii

    from cryptography import x509
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

    try:
        cert = x509.load_pem_x509_certificate(certificate_pem.encode())
        signature = base64.b64decode(signature_b64, validate=True)
    except (ValueError, binascii.Error):
        return "certificat ou signature illisible"
    public_key = cert.public_key()
    try:
        if isinstance(public_key, ec.EllipticCurvePublicKey):
            public_key.verify(signature, data, ec.ECDSA(hashes.SHA256()))
        elif isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
        else:
            return "type de clé non pris en charge"
    except InvalidSignature:
        return "signature invalide"
    ca_pem = _read_file(settings.SIGNING_CA_CERT_FILE, "Le certificat de l'autorité (SIGNING_CA_CERT_FILE)")
    issuers = x509.load_pem_x509_certificates(ca_pem)
    for issuer in issuers:
        try:
            cert.verify_directly_issued_by(issuer)
            return None
        except (ValueError, TypeError, InvalidSignature):
            continue
    return "certificat non émis par l'autorité de la plateforme"
