"""Direct URLs and downloads: a UFR agent reaches only their UFR's files, a candidate only their own."""

import pytest
from django.urls import reverse

from cesp.applications.models import ScanStatus
from tests.applications.helpers import open_campaign, submitted
from tests.second_factor import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def file_of_ufr_b(world):
    application = submitted(world, open_campaign(world, faculty=world.ufr_b.faculty), world.other_candidate)
    return application, application.documents.filter(scan_status=ScanStatus.CLEAN).first()


def urls(application, document):
    return [
        reverse("applications:detail", kwargs={"pk": application.pk}),
        reverse("applications:receipt", kwargs={"pk": application.pk}),
        reverse("applications:document", kwargs={"pk": document.pk}),
        reverse("applications:request_corrections", kwargs={"pk": application.pk}),
        reverse("applications:decide", kwargs={"pk": application.pk}),
    ]


@pytest.mark.parametrize("role", ["ufr_agent", "committee_member", "ars_referent", "candidate"])
def test_ufr_b_files_and_documents_are_not_found_from_region_a(role, world, client_for, file_of_ufr_b):
    client = client_for(role)
    for url in urls(*file_of_ufr_b):
        assert client.get(url).status_code == 404, (role, url)
        assert client.post(url, {"version": 1, "decision": "complete"}).status_code == 404, (role, url)


def test_ufr_b_agent_and_national_agents_reach_it(world, client, file_of_ufr_b):
    application, document = file_of_ufr_b
    log_in(client, world.other_ufr_agent)
    response = client.get(reverse("applications:document", kwargs={"pk": document.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment")
    assert client.get(reverse("applications:receipt", kwargs={"pk": application.pk})).status_code == 200
    log_in(client, world.other_ars_referent)
    assert client.get(reverse("applications:detail", kwargs={"pk": application.pk})).status_code == 200
    # An ARS referent reads the UFR's file but does not instruct it.
    assert client.get(reverse("applications:decide", kwargs={"pk": application.pk})).status_code == 403


def test_a_candidate_reaches_only_their_own_file(world, client_for, file_of_ufr_b):
    mine = submitted(world)
    client = client_for("candidate")
    document = mine.documents.first()
    assert client.get(reverse("applications:detail", kwargs={"pk": mine.pk})).status_code == 200
    assert client.get(reverse("applications:document", kwargs={"pk": document.pk})).status_code == 200
    other, other_document = file_of_ufr_b
    for url in [
        reverse("applications:detail", kwargs={"pk": other.pk}),
        reverse("applications:document", kwargs={"pk": other_document.pk}),
        reverse("applications:receipt", kwargs={"pk": other.pk}),
        reverse("applications:step", kwargs={"pk": other.pk, "step": "situation"}),
        reverse("applications:withdraw", kwargs={"pk": other.pk}),
        reverse("applications:answer", kwargs={"pk": other.pk}),
    ]:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("applications:document_remove", kwargs={"pk": other_document.pk})).status_code
        == 404
    )


def test_drafts_are_not_shown_to_agents(world, client_for):
    from tests.applications.helpers import draft

    application = draft(world)
    for role in ("ufr_agent", "asp_agent", "admin"):
        assert (
            client_for(role).get(reverse("applications:detail", kwargs={"pk": application.pk})).status_code
            == 404
        ), role


def test_a_pending_document_is_never_served(world, client_for):
    application = submitted(world)
    document = application.documents.first()
    document.scan_status = ScanStatus.PENDING
    document.save()
    response = client_for("ufr_agent").get(reverse("applications:document", kwargs={"pk": document.pk}))
    assert response.status_code == 409
    assert "antivirus" in response.content.decode()


def test_history_page_is_scoped(world, client_for, file_of_ufr_b):
    application, _ = file_of_ufr_b
    url = reverse("web:history", kwargs={"label": "applications.application", "pk": application.pk})
    assert client_for("ufr_agent").get(url).status_code == 404
    assert client_for("asp_agent").get(url).status_code == 200
