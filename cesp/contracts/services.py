"""Offers in rank order, declines and lapses, the signature of the contract, bank details.

Every function owns its transaction and records an audit event. Concurrency: each bucket of the quota
has a ``QuotaPool`` row that offers, declines, lapses and signatures lock first (SELECT … FOR UPDATE,
PostgreSQL; SQLite serialises writers anyway), then the offer row; so two signatures never both take
the last contract, and a lapse and a signature racing for the same offer cannot both win.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth.hashers import check_password
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from cesp.applications.models import Application, Campaign
from cesp.contracts.models import (
    BankDetails,
    Contract,
    ContractDocument,
    Offer,
    OfferStatus,
    QuotaPool,
    SignatureEvidence,
)
from cesp.core.audit import audit_record
from cesp.core.pdf import render_pdf
from cesp.core.signing import SealingError, seal_pdf
from cesp.decrees.models import Category
from cesp.decrees.selectors import quota_in_force
from cesp.rules import ScenarioError, parameters, simulate
from cesp.selection.selectors import ranked_entries

CATEGORY_BY_STATUS = {
    "first_cycle": Category.FIRST_CYCLE,
    "student": Category.SECOND_CYCLE,
    "intern": Category.THIRD_CYCLE,
    "padhue": Category.PADHUE,
}


def consent_text(on: date) -> str:
    """What the beneficiary agrees to, with the minimum duration in force (kept in the evidence)."""
    minimum = parameters(on).obligation.minimum_months
    return (
        "J'ai lu le contrat d'engagement de service public. Je m'engage à exercer, à la fin de mes études, "
        "dans une zone sous-dotée pendant une durée au moins égale à celle du versement de l'allocation, "
        f"et au moins {minimum} mois, et je signe ce contrat électroniquement."
    )


class ContractError(ValueError):
    """A refused operation, with a French message for the user."""


@dataclass(frozen=True)
class RankedEntry:
    """One candidate of a validated list, in offer order (main list by rank, then complementary)."""

    application: Application
    list_kind: str
    rank: int


def _ranked_entries(pool: QuotaPool) -> list[RankedEntry]:
    """The validated lists of the campaigns feeding this pool, in offer order (main list by rank,
    then the complementary list by rank; see cesp.selection), restricted to the pool's category."""
    campaigns = Campaign.objects.filter(academic_year=pool.academic_year)
    if pool.faculty_id is not None:
        campaigns = campaigns.filter(faculty_id=pool.faculty_id)
    else:
        campaigns = campaigns.filter(faculty__isnull=True, region_id=pool.region_id)
    entries = []
    for campaign in campaigns.order_by("pk"):
        for entry in ranked_entries(campaign=campaign):
            application = entry.application
            if (
                CATEGORY_BY_STATUS.get(application.status_at_signature) == pool.category
                and _discipline(application) == pool.discipline
            ):
                entries.append(RankedEntry(application=application, list_kind=entry.kind, rank=entry.rank))
    return entries


def _discipline(application: Application) -> str:
    return application.cursus


def pool_for(*, academic_year, faculty, region, discipline: str, category: str) -> QuotaPool:
    if faculty is not None:
        pool, _ = QuotaPool.objects.get_or_create(
            academic_year=academic_year,
            faculty=faculty,
            discipline=discipline,
            category=category,
            defaults={"region": faculty.region},
        )
    else:
        pool, _ = QuotaPool.objects.get_or_create(
            academic_year=academic_year, faculty=None, region=region, discipline=discipline, category=category
        )
    return pool


def _lock(pool: QuotaPool) -> QuotaPool:
    return QuotaPool.objects.select_for_update().get(pk=pool.pk)


def _quota(pool: QuotaPool, on: date) -> int:
    return quota_in_force(
        academic_year=pool.academic_year,
        on=on,
        faculty=pool.faculty,
        region=pool.region,
        discipline=pool.discipline,
        category=pool.category,
    )


def offer_days(on: date) -> int:
    return int(parameters(on).offer.signature_deadline_days)


def _notify(offer: Offer, subject: str, template: str) -> None:
    body = render_to_string(template, {"offer": offer})
    transaction.on_commit(lambda: send_mail(subject, body, None, [offer.candidate.email]))


def offers_dispatch(*, pool: QuotaPool, now: datetime, actor=None) -> list[Offer]:
    """Offer the free contracts of the pool to the next ranked candidates who have no offer yet."""
    with transaction.atomic():
        pool = _lock(pool)
        taken = pool.offers.filter(status__in=[OfferStatus.PENDING, OfferStatus.SIGNED]).count()
        free = _quota(pool, now.date()) - taken
        if free <= 0:
            return []
        already = set(Offer.objects.filter(pool=pool).values_list("application_id", flat=True))
        created = []
        days = offer_days(now.date())
        for entry in _ranked_entries(pool):
            if len(created) == free:
                break
            if entry.application.pk in already or entry.application.status != "complete":
                continue
            offer = Offer.objects.create(
                pool=pool,
                application=entry.application,
                candidate=entry.application.candidate,
                list_kind=entry.list_kind,
                rank=entry.rank,
                offered_at=now,
                deadline=now + timedelta(days=days),
            )
            audit_record(
                actor=actor,
                action="offer.create",
                obj=offer,
                changes={
                    "pool": str(pool),
                    "list": entry.list_kind,
                    "rank": entry.rank,
                    "deadline": offer.deadline.isoformat(),
                },
                reason="Contrat disponible dans le contingent, candidat suivant dans l'ordre des listes",
            )
            _notify(offer, "Une proposition de contrat CESP vous attend", "contracts/email/offer_created.txt")
            created.append(offer)
        return created


def _close(offer: Offer, *, status: str, actor, now: datetime, reason: str) -> None:
    offer.status = status
    offer.decided_at = now
    offer.save(update_fields=["status", "decided_at"])
    audit_record(actor=actor, action=f"offer.{status}", obj=offer, reason=reason)


def offer_decline(*, offer: Offer, actor, now: datetime, reason: str = "") -> list[Offer]:
    """The candidate declines: the contract passes at once to the next ranked candidate."""
    with transaction.atomic():
        _lock(offer.pool)
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        if offer.status != OfferStatus.PENDING:
            raise ContractError("Cette proposition n'est plus en attente : elle ne peut pas être refusée.")
        _close(offer, status=OfferStatus.DECLINED, actor=actor, now=now, reason=reason or "Refus du candidat")
        return offers_dispatch(pool=offer.pool, now=now, actor=actor)


def offers_lapse_due(*, now: datetime) -> int:
    """Lapse every pending offer past its deadline and offer the contract to the next candidate."""
    lapsed = 0
    due = Offer.objects.filter(status=OfferStatus.PENDING, deadline__lt=now).values_list("pk", "pool_id")
    for offer_pk, pool_pk in list(due):
        with transaction.atomic():
            _lock(QuotaPool(pk=pool_pk))
            offer = Offer.objects.select_for_update().get(pk=offer_pk)
            if offer.status != OfferStatus.PENDING or offer.deadline >= now:
                continue  # signed or declined meanwhile: the signature won the race
            _close(offer, status=OfferStatus.LAPSED, actor=None, now=now, reason="Délai de signature expiré")
            offers_dispatch(pool=offer.pool, now=now)
            lapsed += 1
    return lapsed


def offer_reminders_send(*, now: datetime) -> int:
    """Remind candidates before their deadline (days from the rules' parameters); idempotent."""
    sent = 0
    offer_parameters = parameters(now.date()).offer
    reminder_days = sorted(
        {int(offer_parameters.first_reminder_days_before), int(offer_parameters.last_reminder_days_before)}
    )
    for offer in Offer.objects.filter(status=OfferStatus.PENDING, deadline__gte=now).select_related(
        "candidate"
    ):
        left = offer.deadline - now
        for days in reminder_days:
            if left <= timedelta(days=days) and days not in offer.reminders_sent:
                with transaction.atomic():
                    locked = Offer.objects.select_for_update().get(pk=offer.pk)
                    if days in locked.reminders_sent:
                        continue
                    locked.reminders_sent = [*locked.reminders_sent, days]
                    locked.save(update_fields=["reminders_sent"])
                    audit_record(
                        actor=None, action="offer.reminder", obj=locked, changes={"days_before": days}
                    )
                    _notify(
                        locked,
                        f"Plus que {days} jour(s) pour signer votre contrat CESP",
                        "contracts/email/offer_reminder.txt",
                    )
                sent += 1
                break
    return sent


def validate_bank_details(*, iban: str, bic: str, holder: str) -> tuple[str, str, str]:
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
    if errors:
        raise ContractError(" ".join(errors))
    return iban_value.compact, str(bic_value.compact), holder.strip()


def contract_figures(*, application: Application, signed_on: date) -> dict:
    """The rules' figures at signature: regime, allowance start, back pay (cesp.rules is the only source)."""
    scenario = {
        "as_of": signed_on.isoformat(),
        "cursus": application.cursus,
        "status_at_signature": application.status_at_signature,
        "academic_year": application.campaign.academic_year.label,
        "applied_on": (application.submitted_at or timezone.now()).date().isoformat(),
        "signed_on": signed_on.isoformat(),
        "events": [],
    }
    return simulate(scenario)


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
        },
    )


def _check_signable(offer: Offer, pool: QuotaPool, now: datetime) -> None:
    if offer.status != OfferStatus.PENDING:
        raise ContractError("Cette proposition n'est plus en attente de signature.")
    if offer.deadline < now:
        raise ContractError("Le délai de signature de cette proposition est dépassé.")
    if pool.contracts.count() >= _quota(pool, now.date()):
        raise ContractError("Tous les contrats de ce contingent sont déjà signés.")


def contract_sign(
    *,
    offer: Offer,
    user,
    password: str,
    consent: bool,
    iban: str,
    bic: str,
    holder: str,
    ip_address: str | None,
    user_agent: str,
    now: datetime,
) -> Contract:
    """The beneficiary signs: identity confirmed again, consent, then the sealed PDF and the evidence."""
    if offer.candidate_id != user.pk:
        raise ContractError("Cette proposition ne vous est pas adressée.")
    if not check_password(password, user.password):
        raise ContractError("Mot de passe incorrect : votre identité n'a pas pu être confirmée.")
    if not consent:
        raise ContractError("Cochez la case de consentement pour signer le contrat.")
    iban, bic, holder = validate_bank_details(iban=iban, bic=bic, holder=holder)
    offer = Offer.objects.select_related("application__campaign__academic_year", "pool__academic_year").get(
        pk=offer.pk
    )
    # Cheap checks first (repeated under the locks below): a refused attempt renders no PDF.
    _check_signable(offer, offer.pool, now)
    signed_on = timezone.localdate(now)
    try:
        figures = contract_figures(application=offer.application, signed_on=signed_on)
    except ScenarioError as error:
        raise ContractError(" ".join(e["message"] for e in error.errors)) from error
    number = f"CESP-{offer.pool.academic_year.label[:4]}-{offer.pk:06d}"
    # Rendering and sealing take a while: done before taking the locks, so that concurrent signatures
    # queue only for the checks and the writes. A refused signature just discards its PDF.
    try:
        pdf = seal_pdf(
            render_contract_pdf(
                offer=offer, figures=figures, number=number, signed_on=signed_on, bank_holder=holder
            ),
            reason=f"Signature du contrat {number} par {user.get_full_name() or user.email}",
            location="Plateforme CESP",
            signer_name=user.get_full_name() or user.email,
        )
    except SealingError as error:
        raise ContractError(
            "Le contrat n'a pas pu être scellé pour l'instant : réessayez dans quelques minutes."
        ) from error
    allowance = figures["allowance"]
    with transaction.atomic():
        pool = _lock(offer.pool)
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        _check_signable(offer, pool, now)
        contract = Contract.objects.create(
            offer=offer,
            beneficiary=user,
            pool=pool,
            number=number,
            regime=figures["regime"],
            cursus=offer.application.cursus,
            status_at_signature=offer.application.status_at_signature,
            signed_on=signed_on,
            allowance_start=date.fromisoformat(allowance["start"]),
            back_pay_months=allowance.get("back_pay", {}).get("months", 0),
            back_pay_gross=allowance.get("back_pay", {}).get("gross", "0.00"),
            monthly_gross=allowance["monthly_gross"],
        )
        document = _store_version(contract, pdf, kind="original")
        SignatureEvidence.objects.create(
            document=document,
            signer=user,
            signed_at=now,
            ip_address=ip_address,
            user_agent=user_agent[:500],
            document_sha256=document.sha256,
            consent_text=consent_text(signed_on),
        )
        BankDetails.objects.create(contract=contract, iban=iban, bic=bic, holder=holder, recorded_by=user)
        offer.status = OfferStatus.SIGNED
        offer.decided_at = now
        offer.save(update_fields=["status", "decided_at"])
        audit_record(
            actor=user,
            action="contract.sign",
            obj=contract,
            changes={
                "sha256": document.sha256,
                "ip": ip_address,
                "regime": contract.regime,
                "allowance_start": allowance["start"],
            },
            reason="Signature électronique par le bénéficiaire",
        )
        return contract


def _store_version(contract: Contract, pdf: bytes, *, kind: str) -> ContractDocument:
    version = (contract.documents.order_by("-version").values_list("version", flat=True).first() or 0) + 1
    digest = hashlib.sha256(pdf).hexdigest()
    document = ContractDocument(contract=contract, version=version, kind=kind, sha256=digest)
    document.file.save(f"{contract.number}-v{version}.pdf", ContentFile(pdf), save=False)
    document.save()
    return document


def contract_reissue(*, contract: Contract, actor, reason: str, now: datetime) -> ContractDocument:
    """A re-issue or amendment: a new sealed version; every earlier version stays."""
    if not reason.strip():
        raise ContractError("Indiquez le motif de la nouvelle version.")
    with transaction.atomic():
        contract = Contract.objects.select_for_update().get(pk=contract.pk)
        figures = contract_figures(application=contract.offer.application, signed_on=contract.signed_on)
        holder = contract.bank_details.values_list("holder", flat=True).first()
        pdf = seal_pdf(
            render_contract_pdf(
                offer=contract.offer,
                figures=figures,
                number=contract.number,
                signed_on=contract.signed_on,
                bank_holder=holder,
            ),
            reason=f"Nouvelle version du contrat {contract.number} : {reason}",
            location="Plateforme CESP",
        )
        document = _store_version(contract, pdf, kind="amendment")
        audit_record(
            actor=actor,
            action="contract.reissue",
            obj=contract,
            changes={"version": document.version, "sha256": document.sha256},
            reason=reason,
        )
        return document


def bank_details_change(*, contract: Contract, actor, iban: str, bic: str, holder: str) -> BankDetails:
    iban, bic, holder = validate_bank_details(iban=iban, bic=bic, holder=holder)
    with transaction.atomic():
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


def offers_dispatch_for_decree(*, decree, now: datetime) -> list[Offer]:
    created = []
    for line in decree.lines.select_related("faculty", "region"):
        pool = pool_for(
            academic_year=decree.academic_year,
            faculty=line.faculty,
            region=line.region,
            discipline=line.discipline,
            category=line.category,
        )
        created += offers_dispatch(pool=pool, now=now)
    return created


def offers_dispatch_all(*, now: datetime, actor=None) -> list[Offer]:
    """Re-examine every pool with a quota (e.g. lists validated after the decree)."""
    from cesp.decrees.models import QuotaLine

    created = []
    lines = QuotaLine.objects.filter(decree__status="published").select_related(
        "decree__academic_year", "faculty", "region"
    )
    seen = set()
    for line in lines:
        key = (
            line.decree.academic_year_id,
            line.faculty_id,
            line.region_id if line.faculty_id is None else None,
            line.discipline,
            line.category,
        )
        if key in seen:
            continue
        seen.add(key)
        pool = pool_for(
            academic_year=line.decree.academic_year,
            faculty=line.faculty,
            region=line.region,
            discipline=line.discipline,
            category=line.category,
        )
        created += offers_dispatch(pool=pool, now=now, actor=actor)
    return created


def offers_dispatch_for_campaign(*, campaign: Campaign, now: datetime) -> list[Offer]:
    """Offers for every category of a campaign whose lists were just validated."""
    created = []
    for category in sorted(set(CATEGORY_BY_STATUS.values())):
        place = {"faculty": campaign.faculty, "region": campaign.region}
        if not quota_in_force(
            academic_year=campaign.academic_year,
            on=now.date(),
            discipline=campaign.discipline,
            category=category,
            **place,
        ):
            continue
        pool = pool_for(
            academic_year=campaign.academic_year,
            faculty=campaign.faculty,
            region=campaign.region,
            discipline=campaign.discipline,
            category=category,
        )
        created += offers_dispatch(pool=pool, now=now)
    return created
