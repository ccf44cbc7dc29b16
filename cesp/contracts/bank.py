"""The account the allowance is paid to: IBAN and BIC checked (schwifty), every change a new row."""

from django.db import transaction
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from cesp.contracts.errors import ContractError
from cesp.contracts.models import BankDetails, Contract
from cesp.contracts.workflows import CONTRACT_WORKFLOW, move
from cesp.core.audit import audit_record

HOLDER_MAX_LENGTH = BankDetails._meta.get_field("holder").max_length


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
