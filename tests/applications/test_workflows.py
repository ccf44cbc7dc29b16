"""The campaign and file workflows are enforced by the services: a move the table has no row for (from
this state, or by this role) is refused with a French message and changes nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cesp.accounts.roles import Role
from cesp.applications import services
from cesp.applications.models import Application, ApplicationStatus, ApplicationTransition, Campaign
from cesp.applications.workflows import APPLICATION, CAMPAIGN
from cesp.core.models import AuditEvent
from cesp.core.workflow import TransitionNotAllowed
from tests.applications.helpers import NOW, academic_year, add_required_documents, draft, submitted

pytestmark = pytest.mark.django_db


def _snapshot(application) -> tuple:
    """Everything a move would change: the row, its transition log, its audit trail."""
    row = Application.objects.get(pk=application.pk)
    return (
        row.status,
        row.version,
        row.decided_at,
        row.decision_reason,
        row.corrections.count(),
        ApplicationTransition.objects.filter(application=application).count(),
        AuditEvent.objects.filter(object_id=str(application.pk)).count(),
    )


def _ask_corrections(world, application, role):
    return services.correction_request(
        actor=world.users["ufr_agent"],
        role=role,
        application=application,
        message="Pièce illisible.",
        sections=[],
        document_kinds=["identity"],
        expected_version=None,
        at=NOW,
    )


def _mark_complete(world, application, role):
    return services.application_mark_complete(
        actor=world.users["ufr_agent"], role=role, application=application, expected_version=None, at=NOW
    )


def _candidate_move(service, application, role, **extra):
    """A move of the candidate's (submit, withdraw, answer), by ``role``."""
    return service(
        actor=application.candidate,
        role=role,
        application=application,
        expected_version=None,
        at=NOW,
        **extra,
    )


def test_the_tables_refuse_what_they_do_not_declare():
    assert APPLICATION.move(state="draft", event="submit", actor=Role.CANDIDATE) == "submitted"
    with pytest.raises(TransitionNotAllowed, match=r"^Ce dossier a déjà été déposé\.$"):
        APPLICATION.move(state="submitted", event="submit", actor=Role.CANDIDATE)
    with pytest.raises(TransitionNotAllowed, match="pas habilité"):
        APPLICATION.move(state="submitted", event="mark_complete", actor=Role.CANDIDATE)
    with pytest.raises(TransitionNotAllowed, match="pas habilité"):
        APPLICATION.move(state="submitted", event="mark_complete", actor=Role.COMMITTEE_MEMBER)
    with pytest.raises(TransitionNotAllowed):
        CAMPAIGN.move(state="draft", event="close", actor=Role.UFR_AGENT)


def test_a_move_from_the_wrong_state_is_refused_and_changes_nothing(world):
    application = submitted(world)
    before = _snapshot(application)
    with pytest.raises(services.ApplicationError, match="déjà été déposé"):
        _candidate_move(services.application_submit, application, Role.CANDIDATE)
    with pytest.raises(services.ApplicationError, match="Aucune demande de compléments"):
        _candidate_move(services.correction_answer, application, Role.CANDIDATE, answer="Voici.")
    assert _snapshot(application) == before
    services.application_mark_inadmissible(
        actor=world.users["ufr_agent"],
        role=Role.UFR_AGENT,
        application=application,
        expected_version=None,
        reason="Hors délai de scolarité.",
        at=NOW,
    )
    before = _snapshot(application)
    with pytest.raises(services.ApplicationError, match="ne peut plus être retiré"):
        _candidate_move(services.application_withdraw, application, Role.CANDIDATE, reason="")
    with pytest.raises(services.ApplicationError, match="déclaré complet"):
        _mark_complete(world, application, Role.UFR_AGENT)
    with pytest.raises(services.ApplicationError, match="que sur un dossier déposé"):
        _ask_corrections(world, application, Role.UFR_AGENT)
    assert _snapshot(application) == before
    assert before[0] == ApplicationStatus.INADMISSIBLE


@pytest.mark.parametrize(
    "role",
    [Role.CANDIDATE, Role.COMMITTEE_MEMBER, Role.ASP_AGENT, ""],
    ids=["candidate", "committee_member", "asp_agent", "no role"],
)
def test_a_decision_by_a_role_the_table_does_not_name_is_refused_and_changes_nothing(world, role):
    application = submitted(world)
    before = _snapshot(application)
    with pytest.raises(services.ApplicationError, match="pas habilité à « Déclarer le dossier complet »"):
        _mark_complete(world, application, role)
    with pytest.raises(services.ApplicationError, match="pas habilité à « Demander des compléments »"):
        _ask_corrections(world, application, role)
    assert _snapshot(application) == before


def test_without_a_role_named_the_actor_acts_in_their_own(world):
    """No ``role``: the user's default role (``roles.acting_role``), here a committee member's."""
    application = submitted(world)
    before = _snapshot(application)
    with pytest.raises(services.ApplicationError, match="pas habilité à « Déclarer le dossier complet »"):
        services.application_mark_complete(
            actor=world.users["committee_member"], application=application, expected_version=None, at=NOW
        )
    assert _snapshot(application) == before
    services.application_mark_complete(
        actor=world.users["ufr_agent"], application=application, expected_version=None, at=NOW
    )
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.COMPLETE


def test_a_candidate_move_by_an_agent_role_is_refused_and_changes_nothing(world):
    application = draft(world)
    add_required_documents(application)
    before = _snapshot(application)
    with pytest.raises(services.ApplicationError, match="pas habilité à « Déposer le dossier »"):
        _candidate_move(services.application_submit, application, Role.UFR_AGENT)
    with pytest.raises(services.ApplicationError, match="pas habilité à « Retirer la candidature »"):
        _candidate_move(services.application_withdraw, application, Role.UFR_AGENT, reason="")
    assert _snapshot(application) == before
    assert not Application.objects.get(pk=application.pk).receipt


def _campaign_fields(world, status):
    faculty = world.ufr_a.faculty
    return {
        "kind": "UFR",
        "faculty": faculty,
        "region": faculty.region,
        "discipline": faculty.discipline,
        "academic_year": academic_year(),
        "title": "",
        "filing_opens_at": NOW - timedelta(days=30),
        "filing_deadline": NOW + timedelta(days=30),
        "commission_date": (NOW + timedelta(days=50)).date(),
        "weight_project": 1,
        "weight_academic": 1,
        "weight_financial": 1,
        "status": status,
    }


def test_a_campaign_moves_only_along_its_table(world):
    agent = world.users["ufr_agent"]
    campaign = services.campaign_create(actor=agent, role=Role.UFR_AGENT, **_campaign_fields(world, "draft"))
    audit = AuditEvent.objects.count()
    # From draft, a campaign is opened, never closed directly.
    with pytest.raises(services.ApplicationError, match="ne peut pas passer à l'état « Close »"):
        services.campaign_update(actor=agent, role=Role.UFR_AGENT, campaign=campaign, status="closed")
    # A committee member or a candidate never moves a campaign.
    for role in (Role.COMMITTEE_MEMBER, Role.CANDIDATE):
        with pytest.raises(services.ApplicationError, match="pas habilité à « Ouvrir la campagne »"):
            services.campaign_update(actor=agent, role=role, campaign=campaign, status="open", title="Autre")
    campaign.refresh_from_db()
    assert (campaign.status, campaign.title, AuditEvent.objects.count()) == ("draft", "", audit)
    # Created open by someone the table does not name: nothing is created.
    fields = {**_campaign_fields(world, "open"), "faculty": world.ufr_b.faculty}
    with pytest.raises(services.ApplicationError, match="pas habilité"):
        services.campaign_create(actor=agent, role=Role.COMMITTEE_MEMBER, **fields)
    assert not Campaign.objects.filter(faculty=world.ufr_b.faculty).exists()
    # Along the table: open, close, reopen, back to preparation.
    for status in ("open", "closed", "open", "draft"):
        services.campaign_update(actor=agent, role=Role.UFR_AGENT, campaign=campaign, status=status)
        campaign.refresh_from_db()
        assert campaign.status == status


def test_a_refused_move_is_a_french_message_on_the_page_not_an_error(world, client_for):
    agent = world.users["ufr_agent"]
    campaign = services.campaign_create(actor=agent, role=Role.UFR_AGENT, **_campaign_fields(world, "draft"))
    client = client_for("ufr_agent")
    data = {
        "kind": "UFR",
        "faculty": world.ufr_a.faculty.pk,
        "academic_year": campaign.academic_year_id,
        "title": "",
        "filing_opens_at": timezone.localtime(campaign.filing_opens_at).strftime("%Y-%m-%dT%H:%M"),
        "filing_deadline": timezone.localtime(campaign.filing_deadline).strftime("%Y-%m-%dT%H:%M"),
        "commission_date": campaign.commission_date.isoformat(),
        "weight_project": "1",
        "weight_academic": "1",
        "weight_financial": "1",
        "status": "closed",
    }
    response = client.post(reverse("applications:campaign_edit", args=[campaign.pk]), data)
    assert response.status_code == 200
    assert "ne peut pas passer à l&#x27;état « Close »" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.status == "draft"
