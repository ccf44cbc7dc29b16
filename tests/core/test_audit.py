import pytest

from cesp.core.audit import audit_record
from cesp.core.models import AuditEvent


def test_audit_events_are_append_only(world):
    event = audit_record(actor=world.users["admin"], action="test.action", obj=world.asp, reason="Pourquoi")
    assert (event.actor, event.action, event.reason, event.object_repr) == (
        world.users["admin"],
        "test.action",
        "Pourquoi",
        "ASP",
    )
    event.reason = "réécrit"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).reason == "Pourquoi"


def test_history_page_lists_who_when_what_why(world, client_for):
    audit_record(
        actor=world.users["admin"],
        action="organisation.rename",
        obj=world.ufr_a,
        changes={"name": "x"},
        reason="Fusion",
    )
    page = (
        client_for("ufr_agent").get(f"/historique/accounts.organisation/{world.ufr_a.pk}/").content.decode()
    )
    assert "organisation.rename" in page and "Fusion" in page and "Alice" not in page
