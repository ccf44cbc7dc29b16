"""Writes on the selection: one function per use case, in a transaction, audited.

Every write that changes what the commission decides first locks the commission row
(``select_for_update``) and checks it is still open: validation takes the same lock, so a score
racing with the validation either lands before it (and is in the minutes) or is refused after it.
"""

import hashlib
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from cesp.accounts.models import Membership, OrganisationKind
from cesp.accounts.roles import Role
from cesp.applications.models import Application, ApplicationStatus, Campaign
from cesp.core import bounds
from cesp.core.audit import audit_record
from cesp.rules import formatting
from cesp.selection import ranking, selectors
from cesp.selection.models import (
    Commission,
    CommissionMember,
    CommissionStatus,
    ConflictDeclaration,
    Exclusion,
    InterviewSlot,
    ListEntry,
    ListKind,
    MemberKind,
    Score,
    Sitting,
    TieBreak,
)
from cesp.selection.signals import lists_validated

DEFAULT_NOT_RETAINED_REASON = "Rang insuffisant au regard du nombre de places des listes."


class SelectionError(ValueError):
    """A refused operation of the commission, with a French message."""


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def _check_text(value: str, limit: int, label: str) -> str:
    return bounds.check_text(value, limit=limit, label=label, error=SelectionError)


def _lock_open(commission: Commission) -> Commission:
    """Lock the commission row and refuse any change once its lists are validated."""
    locked = (
        Commission.objects.select_for_update(of=("self",))
        .select_related("campaign", "campaign__faculty", "campaign__region")
        .get(pk=commission.pk)
    )
    if locked.status == CommissionStatus.VALIDATED:
        when = formatting.datetime_long(timezone.localtime(locked.validated_at), "fr")
        raise SelectionError(
            f"Les listes de la commission ont été validées le {when} : plus aucune modification "
            "n'est possible (notes, départages, listes, membres)."
        )
    return locked


def _file_of(commission: Commission, application: Application) -> Application:
    file = selectors.commission_file(commission=commission, pk=application.pk)
    if file is None:
        raise SelectionError("Ce dossier n'est pas examiné par cette commission (dossier non complet).")
    return file


def _check_commission_date(commission: Commission, value, *, label: str, since_deadline: bool) -> None:
    """Interviews and sittings fall within the campaign: from the opening of filing (for a sitting,
    from the filing deadline) to the end of its academic year (cesp.core.bounds)."""
    campaign = commission.campaign
    start = campaign.filing_deadline if since_deadline else campaign.filing_opens_at
    bounds.check_date(
        value,
        label=label,
        lowest=timezone.localdate(start),
        highest=campaign.academic_year.end,
        error=SelectionError,
    )


def _invalidate_lists(commission: Commission, *, actor, why: str) -> None:
    """Draft lists rest on the marks and decisions of the moment: a change makes them stale."""
    deleted, _ = commission.entries.all().delete()
    if deleted:
        audit_record(
            actor=actor,
            action="selection.lists_reset",
            obj=commission,
            changes={"entries": deleted},
            reason=why,
        )


@transaction.atomic
def commission_create(*, actor, campaign: Campaign) -> Commission:
    if not _is_secretariat(actor, campaign):
        raise SelectionError(
            "Seuls les agents de l'UFR de la campagne (l'ARS pour les PADHUE) créent sa commission."
        )
    if Commission.objects.filter(campaign=campaign).exists():
        raise SelectionError("Cette campagne a déjà sa commission de sélection.")
    try:
        with transaction.atomic():  # two agents opening it at once: the second is told, not a 500
            commission = Commission.objects.create(campaign=campaign, created_by=actor)
    except IntegrityError:
        raise SelectionError("Cette campagne a déjà sa commission de sélection.") from None
    audit_record(
        actor=actor, action="selection.commission_create", obj=commission, changes={"campaign": str(campaign)}
    )
    return commission


def _check_member_account(campaign: Campaign, user, kind: str) -> None:
    """The ARS seat is held by an ARS referent of the campaign's region; the other seats by
    committee members of the campaign's UFR (of one of the region's UFRs for a PADHUE campaign)."""
    memberships = Membership.objects.active().filter(user=user)
    if kind == MemberKind.ARS:
        ok = memberships.filter(
            role=Role.ARS_REFERENT,
            organisation__kind=OrganisationKind.ARS,
            organisation__region=campaign.region_id,
        ).exists()
        if not ok:
            raise SelectionError(
                "Le siège de l'ARS revient à un référent CESP de l'ARS de la région de la campagne."
            )
        return
    committee = memberships.filter(role=Role.COMMITTEE_MEMBER, organisation__kind=OrganisationKind.UFR)
    if campaign.faculty_id is not None:
        committee = committee.filter(organisation__faculty_id=campaign.faculty_id)
    else:
        committee = committee.filter(organisation__region_id=campaign.region_id)
    if not committee.exists():
        raise SelectionError(
            "Ce compte n'est pas membre de commission de l'UFR : rattachez-le d'abord à l'UFR "
            "avec le rôle « Membre de commission de sélection »."
        )


@transaction.atomic
def member_add(*, actor, commission: Commission, user, kind: str) -> CommissionMember:
    commission = _lock_open(commission)
    _check_manager(actor, commission, "désignent les membres")
    if kind not in MemberKind.values:
        raise SelectionError("Qualité de membre inconnue.")
    _check_member_account(commission.campaign, user, kind)
    if commission.members.filter(user=user).exists():
        raise SelectionError(f"{user} siège déjà dans cette commission.")
    if kind == MemberKind.PRESIDENT and commission.members.filter(kind=MemberKind.PRESIDENT).exists():
        raise SelectionError("La commission a déjà un président.")
    member = CommissionMember.objects.create(commission=commission, user=user, kind=kind, added_by=actor)
    audit_record(
        actor=actor,
        action="selection.member_add",
        obj=commission,
        changes={"member": user.email, "kind": kind},
    )
    return member


@transaction.atomic
def member_remove(*, actor, member: CommissionMember, reason: str) -> None:
    commission = _lock_open(member.commission)
    _check_manager(actor, commission, "retirent un membre")
    if member.scores.exists():
        raise SelectionError(
            "Ce membre a déjà noté des dossiers : il ne peut plus être retiré de la commission."
        )
    if not reason.strip():
        raise SelectionError("Indiquez le motif du retrait.")
    _check_text(reason, bounds.REASON_TEXT, "Motif du retrait")
    description = {"member": member.user.email, "kind": member.kind}
    member.delete()
    audit_record(
        actor=actor, action="selection.member_remove", obj=commission, changes=description, reason=reason
    )


@transaction.atomic
def sitting_record(
    *, actor, commission: Commission, held_on: date, present: list[CommissionMember]
) -> Sitting:
    commission = _lock_open(commission)
    _check_manager(actor, commission, "consignent les séances")
    _check_commission_date(commission, held_on, label="Date de la séance", since_deadline=True)
    if not present:
        raise SelectionError("Cochez au moins un membre présent.")
    if any(m.commission_id != commission.pk for m in present):
        raise SelectionError("Un des membres cochés ne siège pas dans cette commission.")
    sitting = Sitting.objects.create(commission=commission, held_on=held_on, recorded_by=actor)
    sitting.present.set(present)
    audit_record(
        actor=actor,
        action="selection.sitting_record",
        obj=commission,
        changes={"held_on": held_on.isoformat(), "present": sorted(m.user.email for m in present)},
    )
    return sitting


@transaction.atomic
def conflict_declare(
    *, actor, commission: Commission, application: Application, reason: str
) -> ConflictDeclaration:
    commission = _lock_open(commission)
    application = _file_of(commission, application)
    member = selectors.member_for(commission=commission, user=actor)
    if member is None:
        raise SelectionError("Seul un membre de la commission déclare un conflit d'intérêts.")
    if not reason.strip():
        raise SelectionError("Décrivez la nature du lien avec le candidat.")
    _check_text(reason, bounds.REASON_TEXT, "Nature du lien")
    if Score.objects.filter(member=member, application=application).exists():
        raise SelectionError(
            "Vous avez déjà noté ce dossier : signalez le conflit au président, "
            "qui fera reprendre la notation."
        )
    declaration, created = ConflictDeclaration.objects.get_or_create(
        member=member, application=application, defaults={"reason": reason}
    )
    if created:
        audit_record(
            actor=actor,
            action="selection.conflict_declare",
            obj=commission,
            changes={"application": application.pk, "member": actor.email},
            reason=reason,
        )
    return declaration


@transaction.atomic
def interview_set(
    *,
    actor,
    commission: Commission,
    application: Application,
    starts_at: datetime,
    place: str,
    duration_minutes: int = 20,
) -> InterviewSlot:
    """Shortlist a candidate for an interview (or move their interview)."""
    commission = _lock_open(commission)
    _check_manager(actor, commission, "fixent les entretiens")
    application = _file_of(commission, application)
    _check_commission_date(commission, starts_at, label="Date de l'entretien", since_deadline=False)
    if not place.strip():
        raise SelectionError("Indiquez le lieu de l'entretien ou le lien de visioconférence.")
    _check_text(place, bounds.SHORT_TEXT, "Lieu de l'entretien")
    slot, created = InterviewSlot.objects.get_or_create(
        application=application,
        defaults={
            "commission": commission,
            "starts_at": starts_at,
            "place": place,
            "duration_minutes": duration_minutes,
            "set_by": actor,
        },
    )
    if not created:
        slot.starts_at, slot.place, slot.duration_minutes, slot.set_by = (
            starts_at,
            place,
            duration_minutes,
            actor,
        )
    try:
        slot.full_clean()
    except ValidationError as error:
        raise SelectionError(_messages(error)) from error
    slot.save()
    audit_record(
        actor=actor,
        action="selection.interview_set",
        obj=commission,
        changes={
            "application": application.pk,
            "starts_at": timezone.localtime(starts_at).isoformat(),
            "place": place,
            "created": created,
        },
    )
    return slot


def _check_mark(label: str, value) -> Decimal:
    try:
        mark = Decimal(str(value))
    except ArithmeticError:
        raise SelectionError(f"{label} : une note entre 0 et 20 est attendue.") from None
    if not mark.is_finite() or not (Decimal(0) <= mark <= Decimal(20)):
        raise SelectionError(f"{label} : la note doit être comprise entre 0 et 20.")
    if mark != mark.quantize(Decimal("0.01")):
        raise SelectionError(f"{label} : deux décimales au plus.")
    return mark


@transaction.atomic
def score_set(
    *,
    actor,
    commission: Commission,
    application: Application,
    project,
    academic,
    financial,
    comment: str = "",
) -> Score:
    """A member marks a file (or corrects their marks) on the three criteria."""
    commission = _lock_open(commission)
    application = _file_of(commission, application)
    member = selectors.member_for(commission=commission, user=actor)
    if member is None:
        raise SelectionError("Seuls les membres de la commission notent les dossiers.")
    if ConflictDeclaration.objects.filter(member=member, application=application).exists():
        raise SelectionError(
            "Vous avez déclaré un conflit d'intérêts avec ce candidat : vous ne pouvez pas noter son dossier."
        )
    comment = _check_text(comment, bounds.COMMENT_TEXT, "Appréciation")
    marks = {
        "project": _check_mark("Projet professionnel", project),
        "academic": _check_mark("Résultats universitaires", academic),
        "financial": _check_mark("Situation financière", financial),
    }
    score, created = Score.objects.get_or_create(
        member=member, application=application, defaults={**marks, "comment": comment}
    )
    before = None
    if not created:
        before = {k: str(getattr(score, k)) for k in marks}
        for key, value in marks.items():
            setattr(score, key, value)
        score.comment = comment
        score.save()
    audit_record(
        actor=actor,
        action="selection.score_set",
        obj=commission,
        changes={
            "application": application.pk,
            **{k: str(v) for k, v in marks.items()},
            **({"before": before} if before else {}),
        },
        reason=comment,
    )
    _invalidate_lists(commission, actor=actor, why="Notes modifiées")
    return score


@transaction.atomic
def tie_break_record(
    *,
    actor,
    commission: Commission,
    order: list[Application],
    show_of_hands: str,
    reason: str,
    casting_voter: CommissionMember | None = None,
) -> TieBreak:
    """Record how a tie was broken: the show of hands and, when it was even, the ARS casting vote."""
    commission = _lock_open(commission)
    _check_manager(actor, commission, "consignent un départage")
    if not show_of_hands.strip():
        raise SelectionError("Indiquez le résultat du vote à main levée.")
    if not reason.strip():
        raise SelectionError("Indiquez le motif du départage.")
    _check_text(show_of_hands, bounds.SHORT_TEXT, "Résultat du vote à main levée")
    _check_text(reason, bounds.REASON_TEXT, "Motif du départage")
    if casting_voter is not None and (
        casting_voter.commission_id != commission.pk or casting_voter.kind != MemberKind.ARS
    ):
        raise SelectionError("La voix prépondérante appartient au représentant de l'ARS de la commission.")
    rows = selectors.proposed_ranking(commission=commission)
    ids = [a.pk for a in order]
    if len(set(ids)) != len(ids) or len(ids) < 2:
        raise SelectionError("Un départage ordonne au moins deux dossiers différents.")
    groups = selectors.tie_groups(rows)
    group = next((g for g in groups if {r.application.pk for r in g} == set(ids)), None)
    if group is None:
        raise SelectionError("Ces dossiers ne sont pas à égalité : il n'y a rien à départager.")
    average = group[0].ranked.average
    TieBreak.objects.filter(commission=commission, average=average).delete()
    tie_break = TieBreak.objects.create(
        commission=commission,
        average=average,
        order=ids,
        show_of_hands=show_of_hands,
        casting_voter=casting_voter,
        reason=reason,
        decided_by=actor,
    )
    audit_record(
        actor=actor,
        action="selection.tie_break",
        obj=commission,
        changes={
            "average": str(average),
            "order": ids,
            "show_of_hands": show_of_hands,
            "casting_voter": casting_voter.user.email if casting_voter else None,
        },
        reason=reason,
    )
    _invalidate_lists(commission, actor=actor, why="Départage consigné")
    return tie_break


def _is_secretariat(actor, campaign: Campaign) -> bool:
    """The UFR's agents run their campaign's commission; the ARS referents run a PADHUE campaign's."""
    memberships = Membership.objects.active().filter(user=actor)
    if campaign.faculty_id is not None:
        memberships = memberships.filter(role=Role.UFR_AGENT, organisation__faculty_id=campaign.faculty_id)
    else:
        memberships = memberships.filter(
            role=Role.ARS_REFERENT,
            organisation__kind=OrganisationKind.ARS,
            organisation__region_id=campaign.region_id,
        )
    return memberships.exists()


def _is_ufr_agent(actor, commission: Commission) -> bool:
    return _is_secretariat(actor, commission.campaign)


def _check_manager(actor, commission: Commission, what: str) -> None:
    member = selectors.member_for(commission=commission, user=actor)
    if (member is None or member.kind != MemberKind.PRESIDENT) and not _is_ufr_agent(actor, commission):
        raise SelectionError(f"Seuls le président et le secrétariat de l'UFR {what}.")


@transaction.atomic
def application_exclude(*, actor, commission: Commission, application: Application, reason: str) -> Exclusion:
    """Set a file aside whatever its marks (e.g. a project outside the scheme), with the reason."""
    commission = _lock_open(commission)
    _check_manager(actor, commission, "écartent un dossier")
    application = _file_of(commission, application)
    if not reason.strip():
        raise SelectionError("Indiquez le motif pour lequel le dossier n'est pas retenu.")
    _check_text(reason, bounds.REASON_TEXT, "Motif")
    exclusion, _ = Exclusion.objects.update_or_create(
        commission=commission, application=application, defaults={"reason": reason, "decided_by": actor}
    )
    audit_record(
        actor=actor,
        action="selection.exclude",
        obj=commission,
        changes={"application": application.pk},
        reason=reason,
    )
    _invalidate_lists(commission, actor=actor, why="Dossier écarté")
    return exclusion


@transaction.atomic
def lists_build(
    *,
    actor,
    commission: Commission,
    main_size: int,
    complementary_size: int,
    reason_not_retained: str = DEFAULT_NOT_RETAINED_REASON,
) -> list[ListEntry]:
    """Draw the main and complementary lists from the proposed ranking (ties broken), the other
    files not retained with the reason given; replaces any earlier draft of the lists."""
    commission = _lock_open(commission)
    _check_manager(actor, commission, "établissent les listes")
    if main_size < 0 or complementary_size < 0:
        raise SelectionError("Le nombre de places ne peut pas être négatif.")
    if not reason_not_retained.strip():
        raise SelectionError("Indiquez le motif pour les dossiers non retenus.")
    _check_text(reason_not_retained, bounds.REASON_TEXT, "Motif pour les dossiers non retenus")
    commission.entries.all().delete()  # a file withdrawn since the last draft drops out
    rows = selectors.proposed_ranking(commission=commission)
    unscored = [r for r in rows if r.ranked is None and r.excluded is None]
    if unscored:
        names = ", ".join(str(r.application.candidate) for r in unscored[:5])
        raise SelectionError(
            f"{len(unscored)} dossier(s) sans aucune note : {names}. Notez-les ou écartez-les."
        )
    ranked = [r for r in rows if r.ranked is not None]
    unresolved = ranking.unresolved_ties([r.ranked for r in ranked])
    if unresolved:
        raise SelectionError(
            f"{len(unresolved)} égalité(s) restent à départager "
            "(vote à main levée, voix prépondérante de l'ARS)."
        )
    entries = []
    for index, row in enumerate(ranked):
        if index < main_size:
            kind, rank, reason = ListKind.MAIN, index + 1, ""
        elif index < main_size + complementary_size:
            kind, rank, reason = ListKind.COMPLEMENTARY, index - main_size + 1, ""
        else:
            kind, rank, reason = ListKind.NOT_RETAINED, None, reason_not_retained
        entries.append(
            ListEntry(
                commission=commission,
                application=row.application,
                kind=kind,
                rank=rank,
                average=row.ranked.average,
                reason=reason,
                decided_by=actor,
            )
        )
    for row in rows:
        if row.excluded is not None:
            entries.append(
                ListEntry(
                    commission=commission,
                    application=row.application,
                    kind=ListKind.NOT_RETAINED,
                    average=row.marks.average,
                    reason=row.excluded.reason,
                    decided_by=actor,
                )
            )
    ListEntry.objects.bulk_create(entries)
    audit_record(
        actor=actor,
        action="selection.lists_build",
        obj=commission,
        changes={
            "main": [e.application_id for e in entries if e.kind == ListKind.MAIN],
            "complementary": [e.application_id for e in entries if e.kind == ListKind.COMPLEMENTARY],
            "not_retained": [e.application_id for e in entries if e.kind == ListKind.NOT_RETAINED],
        },
        reason=reason_not_retained,
    )
    return entries


@transaction.atomic
def commission_validate(*, actor, commission: Commission, reason: str = "") -> Commission:
    """The president validates the lists: everything is locked, the minutes are written, and the
    lists become the input of contract offers (signal ``lists_validated`` after commit)."""
    commission = _lock_open(commission)
    if not selectors.can_validate(commission=commission, user=actor):
        raise SelectionError("Seul le président de la commission valide les listes.")
    _check_text(reason, bounds.REASON_TEXT, "Commentaire")
    if not commission.sittings.exists():
        raise SelectionError("Consignez au moins une séance avec les membres présents avant de valider.")
    files = set(
        Application.objects.filter(
            campaign=commission.campaign, status=ApplicationStatus.COMPLETE
        ).values_list("pk", flat=True)
    )
    listed = set(commission.entries.values_list("application_id", flat=True))
    if not listed:
        raise SelectionError("Établissez les listes avant de les valider.")
    if files != listed:
        raise SelectionError(
            "Des dossiers ont changé d'état depuis l'établissement des listes (dossier retiré ou "
            "devenu complet) : établissez-les à nouveau."
        )
    commission.status = CommissionStatus.VALIDATED
    commission.validated_by = actor
    commission.validated_at = timezone.now()
    commission.save(update_fields=["status", "validated_by", "validated_at"])
    _write_minutes(commission)
    audit_record(
        actor=actor,
        action="selection.validate",
        obj=commission,
        changes={
            "main": commission.entries.filter(kind=ListKind.MAIN).count(),
            "complementary": commission.entries.filter(kind=ListKind.COMPLEMENTARY).count(),
            "minutes_sha256": commission.minutes_sha256,
        },
        reason=reason,
    )
    transaction.on_commit(lambda: lists_validated.send(sender=Commission, commission=commission))
    return commission


def _write_minutes(commission: Commission) -> None:
    from cesp.selection.minutes import render_minutes

    pdf = render_minutes(commission)
    campaign = commission.campaign
    name = f"pv-commission-{campaign.pk}-{commission.validated_at:%Y%m%d%H%M%S}.pdf"
    commission.minutes.save(name, ContentFile(pdf), save=False)
    commission.minutes_sha256 = hashlib.sha256(pdf).hexdigest()
    try:
        commission.save(update_fields=["minutes", "minutes_sha256"])
    except IntegrityError as error:  # pragma: no cover - defensive
        raise SelectionError("Le procès-verbal n'a pas pu être enregistré.") from error
