"""Starting states for the contracts tests: a validated commission of UFR A with ranked files, and a
published quota decree, built through the selection and decrees services; a signature with the
candidate's usual answers; a signed contract stored as is."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile

from cesp.contracts.models import Contract, ContractDocument, OfferStatus
from cesp.contracts.signature import contract_sign
from cesp.decrees import services as decree_services
from cesp.decrees.models import Category, DecreeKind
from cesp.selection import services as selection_services
from tests import factories
from tests.factories import PASSWORD
from tests.selection.builders import (
    academic_year,
    campaign_for,
    commission_with_members,
    complete_application,
    score_all,
)


def validated_lists(world, *, n_main: int, n_complementary: int = 0, first_candidate=None, year="2026-2027"):
    """UFR A's commission of ``year`` validated with ``n_main`` files on the main list and
    ``n_complementary`` on the complementary list; returns the applications in offer order."""
    campaign = campaign_for(world.ufr_a.faculty)
    if year != campaign.academic_year.label:
        # The campaign's dates move with its academic year (they must lie within it).
        shift = int(year[:4]) - campaign.academic_year.start.year
        campaign.academic_year = academic_year(year)
        campaign.filing_opens_at = campaign.filing_opens_at.replace(
            year=campaign.filing_opens_at.year + shift
        )
        campaign.filing_deadline = campaign.filing_deadline.replace(
            year=campaign.filing_deadline.year + shift
        )
        campaign.commission_date = campaign.commission_date.replace(
            year=campaign.commission_date.year + shift
        )
        campaign.save(
            update_fields=["academic_year", "filing_opens_at", "filing_deadline", "commission_date"]
        )
    commission, members = commission_with_members(world, campaign=campaign)
    total = n_main + n_complementary
    candidates = [first_candidate or factories.CandidateFactory(email="classe1@exemple.fr")]
    candidates += [factories.CandidateFactory(email=f"classe{n}@exemple.fr") for n in range(2, total + 1)]
    applications = [complete_application(commission.campaign, candidate) for candidate in candidates[:total]]
    score_all(commission, {app: 19 - index * 0.25 for index, app in enumerate(applications)})
    agent = world.users["ufr_agent"]
    selection_services.lists_build(
        actor=agent, commission=commission, main_size=n_main, complementary_size=n_complementary
    )
    selection_services.sitting_record(
        actor=agent, commission=commission, held_on=campaign.commission_date, present=list(members.values())
    )
    selection_services.commission_validate(actor=world.users["committee_member"], commission=commission)
    return applications


def publish_quota(
    world, count: int, *, kind=DecreeKind.ANNUAL, effective_on=date(2027, 7, 2), year="2026-2027"
):
    dgos = world.users["dgos_agent"]
    decree = decree_services.decree_create(
        actor=dgos,
        kind=kind,
        academic_year=academic_year(year),
        title=f"Arrêté ({kind}, {count})",
        signed_on=effective_on - timedelta(days=10),
        effective_on=effective_on,
    )
    decree_services.quota_line_set(
        actor=dgos,
        decree=decree,
        faculty=world.ufr_a.faculty,
        region=None,
        discipline="medecine",
        category=Category.SECOND_CYCLE,
        count=count,
    )
    return decree_services.decree_publish(actor=dgos, decree=decree, published_on=effective_on)


SIGNED_AT = datetime(2027, 7, 3, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


def sign_offer(offer, **overrides):
    """``contract_sign`` with what the candidate enters on the page, and the phone they sign from."""
    arguments = {
        "offer": offer,
        "user": offer.candidate,
        "password": PASSWORD,
        "consent": True,
        "iban": "FR76 3000 6000 0112 3456 7890 189",
        "bic": "",
        "holder": "Camille Test",
        "ip_address": "203.0.113.7",
        "user_agent": "Mozilla/5.0 (Android 14; Mobile)",
        "now": SIGNED_AT,
    }
    return contract_sign(**{**arguments, **overrides})


def stored_contract(offer, *, decided_at=SIGNED_AT, number="CESP-2026-000001", figures=None) -> Contract:
    """The contract of ``offer`` as if signed, with a version 1 stored as is (no seal: for tests of
    access and workflows; sealing is tested in test_signature). ``figures``: those of
    ``contract_figures`` (else the usual ones of a 2026-2027 second-cycle student)."""
    allowance = (figures or {}).get("allowance", {})
    back_pay = allowance.get("back_pay", {})
    contract = Contract.objects.create(
        offer=offer,
        beneficiary=offer.candidate,
        pool=offer.pool,
        number=number,
        regime=(figures or {}).get("regime", "R3"),
        cursus="medecine",
        status_at_signature="student",
        signed_on=date(2027, 7, 3),
        allowance_start=date.fromisoformat(allowance.get("start", "2026-10-01")),
        back_pay_months=back_pay.get("months", 10),
        back_pay_gross=back_pay.get("gross", "12000.00"),
        monthly_gross=allowance.get("monthly_gross", "1200.00"),
    )
    document = ContractDocument(contract=contract, version=1, sha256="0" * 64)
    document.file.save(f"{number}-v1.pdf", ContentFile(b"%PDF-1.7 access test"), save=False)
    document.save()
    offer.status = OfferStatus.SIGNED
    offer.decided_at = decided_at
    offer.save()
    return contract


def stored_contracts(world, n: int, *, first_candidate=None) -> list[Contract]:
    """``n`` contracts of UFR A's 2026-2027 campaign as if signed on 3 July 2027, each with its offer, its
    version 1 stored as is and its bank details confirmed at the signature (no seal: see
    ``stored_contract``); the figures are those of ``contract_figures``, as the signature writes them."""
    from cesp.contracts.bank import validate_bank_details
    from cesp.contracts.documents import contract_figures
    from cesp.contracts.models import BankDetails, BankDetailsStatus
    from cesp.contracts.offers import offers_dispatch_all

    validated_lists(world, n_main=n, first_candidate=first_candidate)
    publish_quota(world, n)
    offers = offers_dispatch_all(now=SIGNED_AT)
    iban, bic, holder = validate_bank_details(
        iban="FR76 3000 6000 0112 3456 7890 189", bic="", holder="Camille"
    )
    contracts = []
    for offer in sorted(offers, key=lambda o: o.pk):
        figures = contract_figures(application=offer.application, signed_on=SIGNED_AT.date())
        contract = stored_contract(offer, number=f"CESP-2026-{offer.pk:06d}", figures=figures)
        BankDetails.objects.create(
            contract=contract,
            iban=iban,
            bic=bic,
            holder=holder,
            recorded_by=offer.candidate,
            status=BankDetailsStatus.CONFIRMED,
            confirmed_at=SIGNED_AT,
            decided_at=SIGNED_AT,
        )
        contracts.append(contract)
    return contracts
