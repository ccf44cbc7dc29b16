"""The account the allowance is paid to: IBAN and BIC checked (schwifty), every change a new row; the
whole IBAN revealed to an ASP agent only by a recorded action.

A change is pending until an ASP agent confirms it; the details in force on a date are the last ones
confirmed before the end of that day (``details_in_force``: what a payment run reads at its cut-off).
"""

from collections.abc import Iterable
from datetime import date, datetime

from django.db import transaction
from django.db.models import QuerySet
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from cesp.accounts import roles
from cesp.contracts.errors import ContractError
from cesp.contracts.models import BankDetails, BankDetailsStatus, Contract
from cesp.contracts.timeline import end_of_day, id_selections
from cesp.contracts.workflows import CONTRACT_WORKFLOW, move
from cesp.core import bounds
from cesp.core.audit import audit_record

HOLDER_MAX_LENGTH = BankDetails._meta.get_field("holder").max_length


def details_in_force(contract_ids: QuerySet | Iterable[int], on: date | datetime) -> dict[int, BankDetails]:
    """The confirmed bank details in force on ``on`` (a date: up to the end of that day in the
    platform's time zone; a datetime: strictly before it), by contract id; a contract with none is
    absent (a payment run holds it). One query for a queryset of contracts (or of their ids), one per
    ``timeline.IDS_PER_QUERY`` ids for a list, whatever the number of changes."""
    before = on if isinstance(on, datetime) else end_of_day(on)
    found: dict[int, BankDetails] = {}
    for selection in id_selections(contract_ids):
        rows = (
            BankDetails.objects.filter(
                contract_id__in=selection, status=BankDetailsStatus.CONFIRMED, confirmed_at__lt=before
            )
            .order_by("contract_id", "-confirmed_at", "-pk")
            .iterator(chunk_size=5000)
        )
        for details in rows:
            found.setdefault(details.contract_id, details)
    return found


def validate_bank_details(*, iban: str, bic: str, holder: str) -> tuple[str, str, str]:
    """The compact IBAN and BIC and the holder's name, or ``ContractError`` naming every mistake."""
    errors = []
    try:
        iban_value = IBAN(iban)
    except SchwiftyException:
        errors.append("L'IBAN n'est pas valide (vérifiez sa longueur et sa clé).")
        iban_value = None
    try:
        bic_value = BIC(bic) if bic else (iban_value.bic if iban_value is not None else None)
    except SchwiftyException:
        errors.append("Le BIC n'est pas valide.")
        bic_value = None
    if iban_value is not None and bic_value is None and not errors:
        errors.append("Indiquez le BIC de votre banque.")
    if not holder.strip():
        errors.append("Indiquez le titulaire du compte.")
    elif len(holder.strip()) > HOLDER_MAX_LENGTH:
        errors.append(f"Le titulaire du compte : {HOLDER_MAX_LENGTH} caractères au plus.")
    if errors:
        raise ContractError(" ".join(errors))
    return iban_value.compact, str(bic_value.compact), holder.strip()


def bank_details_change(
    *, contract: Contract, actor, iban: str, bic: str, holder: str, role: str | None = None
) -> BankDetails:
    """The beneficiary gives a new account; the latest row is the one the payments use."""
    iban, bic, holder = validate_bank_details(iban=iban, bic=bic, holder=holder)
    with transaction.atomic():
        contract = Contract.objects.select_for_update().get(pk=contract.pk)
        move(CONTRACT_WORKFLOW, contract, event="change_bank_details", actor=actor, role=role)
        details = BankDetails.objects.create(
            contract=contract, iban=iban, bic=bic, holder=holder, recorded_by=actor
        )
        audit_record(
            actor=actor,
            action="contract.bank_details",
            obj=contract,
            changes={"iban_end": iban[-4:], "holder": holder},
        )
        return details


def iban_reveal(*, contract: Contract, actor, scope, reason: str) -> BankDetails:
    """The bank details in force of ``contract`` (itself from ``contract_list(scope)``), whole, for an ASP
    agent who says why: recorded in the audit trail (who, when, which contract and account, why) before
    anything is shown. Anyone else, or no reason: ``ContractError``, nothing recorded."""
    if not roles.can_reveal_iban(scope):
        raise ContractError("Seuls les agents de l'ASP peuvent afficher un IBAN en entier.")
    reason = " ".join(reason.split())
    if not reason:
        raise ContractError("Indiquez pourquoi vous avez besoin de l'IBAN complet : le motif est enregistré.")
    bounds.check_text(reason, limit=bounds.SHORT_TEXT, label="Le motif", error=ContractError)
    with transaction.atomic():
        details = contract.bank_details.first()
        if details is None:
            raise ContractError("Ce contrat n'a pas de coordonnées bancaires.")
        audit_record(
            actor=actor,
            action="contract.iban_reveal",
            obj=contract,
            changes={"bank_details": details.pk, "iban_end": details.iban[-4:], "role": scope.role},
            reason=reason,
        )
    return details
