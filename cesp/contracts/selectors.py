"""Reads on offers and contracts, scoped: a candidate sees their own, a UFR its own, an ARS its
region, the ASP, the DGOS and the CNG everything. Signed PDFs and bank details: the beneficiary and
the ASP only."""

from django.db.models import Q, QuerySet

from cesp.accounts import roles
from cesp.contracts.models import BankDetails, Contract, ContractDocument, Offer


def _territory(scope, prefix: str) -> Q | None:
    """The filter of an agent's territory on objects reached through ``prefix`` (a QuotaPool path)."""
    if scope.national:
        return Q()
    if scope.faculty_ids:
        return Q(**{f"{prefix}faculty_id__in": scope.faculty_ids})
    if scope.region_ids:
        return Q(**{f"{prefix}region_id__in": scope.region_ids})
    return None


def offer_list(*, scope) -> QuerySet[Offer]:
    offers = Offer.objects.select_related(
        "pool__faculty", "pool__region", "pool__academic_year", "candidate", "application"
    )
    if scope.is_candidate:
        return offers.filter(candidate_id=scope.user_id)
    territory = _territory(scope, "pool__") if (scope.is_agent or scope.is_admin) else None
    return offers.filter(territory) if territory is not None else offers.none()


def contract_list(*, scope) -> QuerySet[Contract]:
    contracts = Contract.objects.select_related(
        "pool__faculty", "pool__region", "pool__academic_year", "beneficiary"
    )
    if scope.is_candidate:
        return contracts.filter(beneficiary_id=scope.user_id)
    territory = _territory(scope, "pool__") if (scope.is_agent or scope.is_admin) else None
    return contracts.filter(territory) if territory is not None else contracts.none()


def can_download_signed(scope, contract: Contract) -> bool:
    """The beneficiary and the ASP (the contracting party) download the signed PDF."""
    return (scope.is_candidate and contract.beneficiary_id == scope.user_id) or roles.can_manage_contracts(
        scope
    )


def contract_documents(*, scope, contract: Contract) -> QuerySet[ContractDocument]:
    if not can_download_signed(scope, contract):
        return ContractDocument.objects.none()
    return contract.documents.select_related("evidence").order_by("version")


def bank_details_current(*, scope, contract: Contract) -> BankDetails | None:
    if not can_download_signed(scope, contract):
        return None
    return contract.bank_details.first()
