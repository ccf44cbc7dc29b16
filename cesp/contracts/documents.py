"""The contract's document: its figures (from cesp.rules), its PDF, and its immutable versions.

Used by the signature (version 1), the re-issue (later versions) and the candidate's preview.
"""

import hashlib
import re
from datetime import date, datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from cesp.applications.models import Application
from cesp.contracts.errors import ContractError
from cesp.contracts.models import Contract, ContractDocument, Offer
from cesp.core.pdf import render_pdf
from cesp.core.signing import SealingError, seal_pdf
from cesp.rules import ScenarioError, parameters, simulate
from cesp.rules.breach import degressive


def contract_terms(
    *,
    cursus: str,
    status_at_signature: str,
    academic_year: str,
    submitted_at: datetime | None,
    signed_on: date,
    as_of: date,
) -> dict:
    """A contract's scenario without its events (the simulator contract, DESIGN.md), as the signature
    and the timeline give it to the rules. The application date is the local day of the file's
    submission (a file never submitted leaves it unknown, and the rules take their conservative
    reading)."""
    scenario = {
        "as_of": as_of.isoformat(),
        "cursus": cursus,
        "status_at_signature": status_at_signature,
        "academic_year": academic_year,
        "signed_on": signed_on.isoformat(),
        "events": [],
    }
    if submitted_at is not None:
        scenario["applied_on"] = timezone.localdate(submitted_at).isoformat()
    return scenario


def contract_figures(*, application: Application, signed_on: date) -> dict:
    """The rules' figures at signature: regime, allowance start, back pay (cesp.rules is the only source)."""
    return simulate(
        contract_terms(
            cursus=application.cursus,
            status_at_signature=application.status_at_signature,
            academic_year=application.campaign.academic_year.label,
            submitted_at=application.submitted_at,
            signed_on=signed_on,
            as_of=signed_on,
        )
    )


# The rules name the scenario's path of what they refuse ("(events[2])"): a person reads the rule alone.
_EVENT_PATH = re.compile(r" ?\(events\[\d+\]\)")


def scenario_refusal(error: ScenarioError) -> str:
    """The rules' refusal of a contract's scenario in one French text, each message once, without the
    paths into the scenario."""
    messages = []
    for e in error.errors:
        message = _EVENT_PATH.sub("", e["message"])
        if message not in messages:
            messages.append(message)
    return " ".join(messages)


def render_contract_pdf(
    *, offer: Offer, figures: dict, number: str, signed_on: date, bank_holder: str | None
) -> bytes:
    return render_pdf(
        "contracts/contract_pdf.html",
        {
            "offer": offer,
            "application": offer.application,
            "figures": figures,
            "number": number,
            "signed_on": signed_on,
            "holder": bank_holder,
            "candidate": offer.candidate,
            "law": parameters(signed_on),  # durations and amounts as in force at signature
            # doctors and dentists only (arrêté of 26 May 2020, art. 2): never "dégressif" elsewhere
            "degressive": degressive(offer.application.cursus, signed_on),
        },
    )


def contract_preview_pdf(*, offer: Offer, on: date) -> bytes:
    """The contract as it would be signed on ``on``, unsealed, for the candidate to read; a contract the
    rules cannot establish is a ``ContractError`` saying why."""
    try:
        figures = contract_figures(application=offer.application, signed_on=on)
    except ScenarioError as error:
        raise ContractError("Le contrat ne peut pas être établi : " + scenario_refusal(error)) from error
    return render_contract_pdf(
        offer=offer, figures=figures, number="(projet)", signed_on=on, bank_holder=None
    )


def seal_contract(pdf: bytes, *, reason: str, signer_name: str | None = None) -> bytes:
    """The platform's seal on a contract (cesp.core.signing); a seal that cannot be made now (timestamp
    authority unreachable…) is a ``ContractError`` asking to try again, never a server error."""
    try:
        return seal_pdf(pdf, reason=reason, location="Plateforme CESP", signer_name=signer_name)
    except SealingError as error:
        raise ContractError(
            "Le contrat n'a pas pu être scellé pour l'instant : réessayez dans quelques minutes."
        ) from error


def store_version(contract: Contract, pdf: bytes, *, kind: str) -> ContractDocument:
    """A new version of the contract's PDF, numbered after the last; earlier versions never change."""
    version = (contract.documents.order_by("-version").values_list("version", flat=True).first() or 0) + 1
    digest = hashlib.sha256(pdf).hexdigest()
    document = ContractDocument(contract=contract, version=version, kind=kind, sha256=digest)
    document.file.save(f"{contract.number}-v{version}.pdf", ContentFile(pdf), save=False)
    document.save()
    return document
