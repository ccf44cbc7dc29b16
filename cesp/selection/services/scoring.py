"""The marks: a member marks a file on the three criteria (0 to 20, two decimals at most), or corrects
their marks; a member who declared a conflict with the candidate may not. Any change of marks makes the
draft lists stale."""

from decimal import Decimal

from django.db import transaction

from cesp.applications.models import Application
from cesp.core import bounds
from cesp.core.audit import audit_record
from cesp.selection import selectors
from cesp.selection.models import Commission, ConflictDeclaration, Score
from cesp.selection.services.common import SelectionError, check_text, file_of, invalidate_lists, lock_open


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
    commission = lock_open(commission)
    application = file_of(commission, application)
    member = selectors.member_for(commission=commission, user=actor)
    if member is None:
        raise SelectionError("Seuls les membres de la commission notent les dossiers.")
    if ConflictDeclaration.objects.filter(member=member, application=application).exists():
        raise SelectionError(
            "Vous avez déclaré un conflit d'intérêts avec ce candidat : vous ne pouvez pas noter son dossier."
        )
    comment = check_text(comment, bounds.COMMENT_TEXT, "Appréciation")
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
    invalidate_lists(commission, actor=actor, why="Notes modifiées")
    return score
