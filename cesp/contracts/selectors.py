"""Reads on offers and contracts, scoped: a candidate sees their own, a UFR its own, an ARS its
region, the ASP, the DGOS and the CNG everything. Signed PDFs and bank details: the beneficiary and
the ASP only."""

from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from cesp.accounts import roles
from cesp.contracts.models import BankDetails, Contract, ContractDocument, ContractStatus, Offer, OfferStatus
from cesp.contracts.workflows import OFFER_WORKFLOW

LATEST = 200  # rows of the index page's lists


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
    territory = _territory(scope, "pool__") if roles.is_staff(scope) else None
    return offers.filter(territory) if territory is not None else offers.none()


def contract_list(*, scope) -> QuerySet[Contract]:
    contracts = Contract.objects.select_related(
        "pool__faculty", "pool__region", "pool__academic_year", "beneficiary"
    )
    if scope.is_candidate:
        return contracts.filter(beneficiary_id=scope.user_id)
    territory = _territory(scope, "pool__") if roles.is_staff(scope) else None
    return contracts.filter(territory) if territory is not None else contracts.none()


def contract_numbers_in_force(user) -> list[str]:
    """The numbers of the contracts in force ``user`` holds (for the no-cumulation rule; their own)."""
    if user is None or user.pk is None:
        return []
    return list(
        Contract.objects.filter(beneficiary_id=user.pk, status=ContractStatus.ACTIVE)
        .order_by("signed_on", "pk")
        .values_list("number", flat=True)
    )


def offers_latest(*, scope, limit: int = LATEST) -> QuerySet[Offer]:
    return offer_list(scope=scope).order_by("-offered_at")[:limit]


def contracts_latest(*, scope, limit: int = LATEST) -> QuerySet[Contract]:
    return contract_list(scope=scope).order_by("-signed_on")[:limit]


def is_offer_addressee(scope, offer: Offer) -> bool:
    """The candidate the offer is addressed to: the only one who signs or declines it."""
    return offer.candidate_id == scope.user_id


def is_beneficiary(scope, contract: Contract) -> bool:
    """The beneficiary of the contract: the only one who changes its bank details."""
    return contract.beneficiary_id == scope.user_id


def offer_signable(scope, offer: Offer, *, now: datetime | None = None) -> bool:
    """Whether the page shows the signature form: the offer's workflow lets this role sign it in its
    state and, when ``now`` is given, the deadline has not passed. (After a refused attempt the form
    shows again with its error: no ``now``.)"""
    if not OFFER_WORKFLOW.allowed(state=offer.status, event="sign", actor=scope.role):
        return False
    return now is None or offer.deadline >= now


def offer_time_left(offer: Offer, now: datetime) -> timedelta | None:
    """The time left to sign a pending offer; None once it is answered."""
    return offer.deadline - now if offer.status == OfferStatus.PENDING else None


def offer_contract(offer: Offer) -> Contract | None:
    """The contract a signed offer became."""
    return getattr(offer, "contract", None) if offer.status == OfferStatus.SIGNED else None


def can_download_signed(scope, contract: Contract) -> bool:
    """The beneficiary and the ASP (the contracting party) download the signed PDF."""
    return (scope.is_candidate and is_beneficiary(scope, contract)) or roles.can_manage_contracts(scope)


def contract_documents(*, scope, contract: Contract) -> QuerySet[ContractDocument]:
    if not can_download_signed(scope, contract):
        return ContractDocument.objects.none()
    return contract.documents.select_related("evidence").order_by("version")


def bank_details_current(*, scope, contract: Contract) -> BankDetails | None:
    if not can_download_signed(scope, contract):
        return None
    return contract.bank_details.first()


def contract_document(*, scope, contract: Contract, version: int) -> ContractDocument | None:
    """One signed version of ``contract`` (itself from ``contract_list``), for those who may download it."""
    return contract_documents(scope=scope, contract=contract).filter(version=version).first()
