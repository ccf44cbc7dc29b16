"""The minutes (procès-verbal) of the commission: a PDF rendered by WeasyPrint from an HTML
template, written once at validation and kept in the private storage."""

from django.utils import timezone

from cesp.core.pdf import render_pdf
from cesp.selection.models import Commission, ListKind


def minutes_context(commission: Commission) -> dict:
    entries = list(commission.entries.select_related("application__candidate").order_by("rank", "pk"))
    names = {e.application_id: str(e.application.candidate) for e in entries}
    sittings = [
        {"held_on": s.held_on, "present": list(s.present.select_related("user").order_by("kind"))}
        for s in commission.sittings.all()
    ]
    present_ids = {m.pk for s in sittings for m in s["present"]}
    members = list(commission.members.select_related("user").order_by("kind", "user__last_name"))
    tie_breaks = [
        {
            "tie_break": tb,
            "order": [names.get(pk, f"dossier n° {pk}") for pk in tb.order],
        }
        for tb in commission.tie_breaks.select_related("casting_voter__user", "decided_by")
    ]
    return {
        "commission": commission,
        "campaign": commission.campaign,
        "members": [{"member": m, "present": m.pk in present_ids} for m in members],
        "sittings": sittings,
        "tie_breaks": tie_breaks,
        "main": [e for e in entries if e.kind == ListKind.MAIN],
        "complementary": [e for e in entries if e.kind == ListKind.COMPLEMENTARY],
        "not_retained": sorted(
            (e for e in entries if e.kind == ListKind.NOT_RETAINED), key=lambda e: names[e.application_id]
        ),
        "validated_at": timezone.localtime(commission.validated_at) if commission.validated_at else None,
    }


def render_minutes(commission: Commission) -> bytes:
    return render_pdf("selection/minutes.html", minutes_context(commission))
