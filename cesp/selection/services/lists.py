"""From the marks to the lists: ties broken (show of hands, the ARS casting vote), the main and
complementary lists drawn from the proposed ranking, then validated by the president, which moves the
commission along ``workflows.COMMISSION``, writes the minutes and hands the lists to the contracts side
(signal ``lists_validated`` after commit)."""

import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from cesp.accounts.roles import acting_role
from cesp.applications.models import Application, ApplicationStatus
from cesp.core import bounds
from cesp.core.audit import audit_record
from cesp.selection import ranking, selectors
from cesp.selection.models import (
    Commission,
    CommissionMember,
    ListEntry,
    ListKind,
    MemberKind,
    TieBreak,
)
from cesp.selection.services.common import (
    SelectionError,
    check_manager,
    check_text,
    invalidate_lists,
    lock_open,
)
from cesp.selection.signals import lists_validated
from cesp.selection.workflows import COMMISSION

DEFAULT_NOT_RETAINED_REASON = "Rang insuffisant au regard du nombre de places des listes."


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
    commission = lock_open(commission)
    check_manager(actor, commission, "consignent un départage")
    if not show_of_hands.strip():
        raise SelectionError("Indiquez le résultat du vote à main levée.")
    if not reason.strip():
        raise SelectionError("Indiquez le motif du départage.")
    check_text(show_of_hands, bounds.SHORT_TEXT, "Résultat du vote à main levée")
    check_text(reason, bounds.REASON_TEXT, "Motif du départage")
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
    invalidate_lists(commission, actor=actor, why="Départage consigné")
    return tie_break


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
    commission = lock_open(commission)
    check_manager(actor, commission, "établissent les listes")
    if main_size < 0 or complementary_size < 0:
        raise SelectionError("Le nombre de places ne peut pas être négatif.")
    if not reason_not_retained.strip():
        raise SelectionError("Indiquez le motif pour les dossiers non retenus.")
    check_text(reason_not_retained, bounds.REASON_TEXT, "Motif pour les dossiers non retenus")
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
def commission_validate(
    *, actor, commission: Commission, reason: str = "", role: str | None = None
) -> Commission:
    """The president validates the lists: everything is locked, the minutes are written, and the
    lists become the input of contract offers (signal ``lists_validated`` after commit). ``role``: the
    one the president acts in (``request.scope.role``, else ``acting_role``), asked of
    ``workflows.COMMISSION``."""
    commission = lock_open(commission)
    if not selectors.can_validate(commission=commission, user=actor):
        raise SelectionError("Seul le président de la commission valide les listes.")
    check_text(reason, bounds.REASON_TEXT, "Commentaire")
    validated = COMMISSION.move(
        state=commission.status, event="validate", actor=acting_role(actor, role), raises=SelectionError
    )
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
    commission.status = validated
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
