"""The decree's workflow is enforced by its services: a refused move (wrong state, wrong actor) changes
nothing, and reaches the user as a French message."""

import io
from datetime import date

import pytest
from django.urls import reverse

from cesp.accounts.roles import Role
from cesp.core.models import AuditEvent
from cesp.core.workflow import SYSTEM, TransitionNotAllowed
from cesp.decrees import services
from cesp.decrees.models import Category, DecreeStatus
from cesp.decrees.signals import decree_published
from cesp.decrees.workflows import DECREE_WORKFLOW


def add_line(world, decree, *, count=5, actor="dgos_agent", category=Category.SECOND_CYCLE):
    return services.quota_line_set(
        actor=world.users[actor],
        decree=decree,
        faculty=world.ufr_a.faculty,
        region=None,
        discipline="medecine",
        category=category,
        count=count,
    )


def audit_actions(decree):
    return sorted(AuditEvent.objects.for_object(decree).values_list("action", flat=True))


def test_the_table():
    assert DECREE_WORKFLOW.move(state="draft", event="publish", actor=Role.DGOS_AGENT) == "published"
    assert DECREE_WORKFLOW.move(state="draft", event="edit", actor=Role.ADMIN) == "draft"
    for actor in (Role.UFR_AGENT, Role.ASP_AGENT, Role.CANDIDATE, SYSTEM):
        assert not DECREE_WORKFLOW.allowed(state="draft", event="publish", actor=actor)
    assert DECREE_WORKFLOW.events_from("published") == []


@pytest.mark.parametrize("role", [Role.UFR_AGENT, Role.ASP_AGENT, Role.ARS_REFERENT, Role.CANDIDATE, SYSTEM])
def test_only_the_dgos_publishes_and_a_refusal_changes_nothing(world, draft, role):
    add_line(world, draft)
    before = audit_actions(draft)
    received = []
    decree_published.connect(
        lambda sender, decree, **kw: received.append(decree), weak=False, dispatch_uid="t"
    )
    try:
        with pytest.raises(services.DecreeError, match="pas habilité à « Publier l'arrêté »") as refused:
            services.decree_publish(
                actor=world.users["dgos_agent"], role=role, decree=draft, published_on=date(2027, 7, 2)
            )
    finally:
        decree_published.disconnect(dispatch_uid="t")
    assert isinstance(refused.value.__cause__, TransitionNotAllowed)
    draft.refresh_from_db()
    assert (draft.status, draft.published_on, draft.published_by) == (DecreeStatus.DRAFT, None, None)
    assert audit_actions(draft) == before and received == []


def test_a_user_without_the_dgos_role_is_refused_by_default(world, draft):
    """Without ``role``, the service acts in the user's own role (here a UFR agent's)."""
    add_line(world, draft)
    with pytest.raises(services.DecreeError, match="pas habilité"):
        add_line(world, draft, actor="ufr_agent", category=Category.THIRD_CYCLE, count=3)
    assert [line.category for line in draft.lines.all()] == [Category.SECOND_CYCLE]


def test_a_published_decree_refuses_every_edit_and_a_second_publication(world, draft):
    line = add_line(world, draft)
    dgos = world.users["dgos_agent"]
    services.decree_publish(actor=dgos, decree=draft, published_on=date(2027, 7, 2))
    before = audit_actions(draft)
    frozen = "ne peut plus être modifié"
    with pytest.raises(services.DecreeError, match=frozen):
        add_line(world, draft, count=9)
    with pytest.raises(services.DecreeError, match=frozen):
        services.quota_line_delete(actor=dgos, line=line)
    with pytest.raises(services.DecreeError, match=frozen):
        services.decree_publish(actor=dgos, decree=draft, published_on=date(2027, 8, 1))
    csv = io.BytesIO(b"ufr,region,discipline,categorie,nombre\nmedecine-lille,,medecine,deuxieme_cycle,1\n")
    with pytest.raises(services.DecreeError, match=frozen):
        services.decree_import_csv(actor=dgos, decree=draft, file=csv)
    draft.refresh_from_db()
    assert draft.published_on == date(2027, 7, 2)
    assert [(line.category, line.count) for line in draft.lines.all()] == [(Category.SECOND_CYCLE, 5)]
    assert audit_actions(draft) == before


def test_the_refusal_reaches_the_page_as_a_french_message(world, draft, client_for):
    add_line(world, draft)
    services.decree_publish(actor=world.users["dgos_agent"], decree=draft, published_on=date(2027, 7, 2))
    client = client_for("dgos_agent")
    response = client.post(
        reverse("decrees:publish", args=[draft.pk]), {"published_on": "2027-08-01"}, follow=True
    )
    assert response.status_code == 200
    assert "Un arrêté publié ne peut plus être modifié" in response.content.decode()
    response = client.post(
        reverse("decrees:line_add", args=[draft.pk]),
        {
            "faculty": world.ufr_a.faculty.pk,
            "discipline": "medecine",
            "category": "troisieme_cycle",
            "count": 2,
        },
        follow=True,
    )
    assert response.status_code == 200 and "ne peut plus être modifié" in response.content.decode()
    assert draft.lines.count() == 1
