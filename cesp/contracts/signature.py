"""The beneficiary signs: identity confirmed again, consent, the sealed PDF and the evidence.

The PDF is rendered and sealed before any lock is taken, so that concurrent signatures queue only for
the checks and the writes; then the pool row and the offer row are locked (pools.py), the checks are
made again, and the contract, its first version, the evidence, the bank details and the offer's move
to ``signed`` (its workflow, workflows.py) are written in one transaction, audited.
"""

from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.db import transaction
from django.utils import timezone

from cesp.accounts.roles import acting_role
from cesp.contracts.bank import validate_bank_details
from cesp.contracts.documents import (
    contract_figures,
    render_contract_pdf,
    scenario_refusal,
    seal_contract,
    store_version,
)
from cesp.contracts.errors import ContractError
from cesp.contracts.models import (
    BankDetails,
    BankDetailsStatus,
    Contract,
    DocumentKind,
    Offer,
    QuotaPool,
    SignatureEvidence,
)
from cesp.contracts.pools import pool_lock, pool_quota
from cesp.contracts.selectors import contract_numbers_in_force
from cesp.contracts.workflows import OFFER_WORKFLOW, move
from cesp.core.audit import audit_record
from cesp.rules import ScenarioError, parameters
from cesp.rules.eligibility import cumulation_errors


def consent_text(on: date) -> str:
    """What the beneficiary agrees to, with the minimum duration in force (kept in the evidence)."""
    minimum = parameters(on).obligation.minimum_months
    return (
        "J'ai lu le contrat d'engagement de service public. Je m'engage à exercer, à la fin de mes études, "
        "dans une zone sous-dotée pendant une durée au moins égale à celle du versement de l'allocation, "
        f"et au moins {minimum} mois, et je signe ce contrat électroniquement."
    )


def _check_signable(offer: Offer, pool: QuotaPool, now: datetime, *, actor, role: str | None) -> str:
    """The offer's state once signed, or ``ContractError``: not pending any more (its workflow), not
    this actor's to sign, past its deadline, or no contract left in the pool."""
    signed = move(OFFER_WORKFLOW, offer, event="sign", actor=actor, role=role)
    if offer.deadline < now:
        raise ContractError("Le délai de signature de cette proposition est dépassé.")
    if pool.contracts.count() >= pool_quota(pool, timezone.localdate(now)):
        raise ContractError("Tous les contrats de ce contingent sont déjà signés.")
    return signed


def _check_not_cumulated(offer: Offer, user) -> None:
    """No cumulation (cesp.rules), read at the application's date (a file never submitted: the offer's,
    later, so the rule is never missed): refused while the signatory holds another contract in force."""
    filed = offer.application.submitted_at or offer.offered_at
    held = cumulation_errors(
        applied_on=timezone.localdate(filed), active_contracts=contract_numbers_in_force(user)
    )
    if held:
        raise ContractError(" ".join(e["message"] for e in held))


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
    role: str | None = None,
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
    role = acting_role(user, role)
    _check_signable(offer, offer.pool, now, actor=user, role=role)
    _check_not_cumulated(offer, user)
    signed_on = timezone.localdate(now)
    try:
        figures = contract_figures(application=offer.application, signed_on=signed_on)
    except ScenarioError as error:
        raise ContractError(scenario_refusal(error)) from error
    number = f"CESP-{offer.pool.academic_year.label[:4]}-{offer.pk:06d}"
    # Rendering and sealing take a while: done before taking the locks, so that concurrent signatures
    # queue only for the checks and the writes. A refused signature just discards its PDF.
    pdf = seal_contract(
        render_contract_pdf(
            offer=offer, figures=figures, number=number, signed_on=signed_on, bank_holder=holder
        ),
        reason=f"Signature du contrat {number} par {user.get_full_name() or user.email}",
        signer_name=user.get_full_name() or user.email,
    )
    allowance = figures["allowance"]
    with transaction.atomic():
        pool = pool_lock(offer.pool)
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        signed = _check_signable(offer, pool, now, actor=user, role=role)
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()  # one signature at a time
        _check_not_cumulated(offer, user)
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
        document = store_version(contract, pdf, kind=DocumentKind.ORIGINAL)
        SignatureEvidence.objects.create(
            document=document,
            signer=user,
            signed_at=now,
            ip_address=ip_address,
            user_agent=user_agent[:500],
            document_sha256=document.sha256,
            consent_text=consent_text(signed_on),
        )
        # Given by the beneficiary as they sign, identity confirmed again: in force at once.
        BankDetails.objects.create(
            contract=contract,
            iban=iban,
            bic=bic,
            holder=holder,
            recorded_by=user,
            status=BankDetailsStatus.CONFIRMED,
            confirmed_at=now,
            decided_at=now,
        )
        offer.status = signed
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
