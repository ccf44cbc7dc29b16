"""A committee member sees the files of the commissions they sit on, minus those they declared a
conflict of interest with: in the work queue, the export, a file's page, its receipt, its documents,
its history, and the commission's own file pages (issue 11, point 22).

The world's committee member sits on the commission of UFR A's campaign (``campaign``). Beside the
files they examine, UFR A holds a file of that campaign the UFR has not found complete yet, and a
file of another campaign of UFR A without a commission they sit on: neither is theirs to read.
"""

import csv
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from cesp.accounts.scopes import scope_for_membership
from cesp.applications import selectors as application_selectors
from cesp.selection import services
from tests import factories
from tests.selection.builders import campaign_for, clean_document, complete_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(world, seated, campaign, files, incomplete_file):
    commission, _members = seated
    examined, conflicted = files[0], files[1]
    services.conflict_declare(
        actor=world.users["committee_member"],
        commission=commission,
        application=conflicted,
        reason="Le candidat est mon neveu.",
    )
    other_campaign = campaign_for(world.ufr_a.faculty, year="2027-2028")
    elsewhere = complete_application(other_campaign, factories.CandidateFactory(email="ailleurs@exemple.fr"))
    for application in (examined, conflicted, incomplete_file, elsewhere):
        clean_document(application)
        application.receipt.save("accuse.pdf", ContentFile(b"%PDF-1.4 accuse"))
    return {
        "commission": commission,
        "examined": examined,
        "conflicted": conflicted,
        "incomplete": incomplete_file,
        "elsewhere": elsewhere,
        "others": files[2:],
    }


def file_urls(application):
    document = application.documents.first()
    return [
        reverse("applications:detail", kwargs={"pk": application.pk}),
        reverse("applications:receipt", kwargs={"pk": application.pk}),
        reverse("applications:document", kwargs={"pk": document.pk}),
        reverse("web:history", kwargs={"label": "applications.application", "pk": application.pk}),
    ]


def commission_urls(commission, application):
    document = application.documents.first()
    return [
        reverse("selection:file", kwargs={"pk": commission.pk, "application_pk": application.pk}),
        reverse(
            "selection:document",
            kwargs={"pk": commission.pk, "application_pk": application.pk, "document_pk": document.pk},
        ),
    ]


def test_the_selector_gives_a_committee_member_their_commissions_files_minus_conflicts(world, scene):
    membership = world.users["committee_member"].memberships.get()
    visible = set(application_selectors.application_list(scope=scope_for_membership(membership)))
    assert visible == {scene["examined"], *scene["others"]}


def test_a_committee_member_reads_the_files_they_examine(world, client_for, scene):
    client = client_for("committee_member")
    for url in file_urls(scene["examined"]) + commission_urls(scene["commission"], scene["examined"]):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("which", ["conflicted", "incomplete", "elsewhere"])
def test_a_committee_member_does_not_reach_other_files_of_the_ufr(world, client_for, scene, which):
    client = client_for("committee_member")
    application = scene[which]
    for url in file_urls(application):
        assert client.get(url).status_code == 404, (which, url)
    if which != "elsewhere":
        for url in commission_urls(scene["commission"], application):
            assert client.get(url).status_code == 404, (which, url)


def test_the_ufr_agent_still_reads_them_all(world, client_for, scene):
    client = client_for("ufr_agent")
    for which in ("examined", "conflicted", "incomplete", "elsewhere"):
        for url in file_urls(scene[which]):
            assert client.get(url).status_code == 200, (which, url)


def test_the_queue_and_the_export_list_only_the_examined_files(world, client_for, scene):
    client = client_for("committee_member")
    page = client.get(reverse("applications:queue")).content.decode()
    assert scene["examined"].reference in page
    for which in ("conflicted", "incomplete", "elsewhere"):
        assert scene[which].reference not in page, which
    response = client.get(reverse("applications:export"), {"columns": ["reference"], "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert {row[0] for row in rows[1:]} == {a.reference for a in [scene["examined"], *scene["others"]]}


def test_the_commission_page_names_a_conflicted_file_without_opening_it(world, client_for, scene):
    commission, conflicted = scene["commission"], scene["conflicted"]
    page = client_for("committee_member").get(reverse("selection:detail", kwargs={"pk": commission.pk}))
    link = reverse("selection:file", kwargs={"pk": commission.pk, "application_pk": conflicted.pk})
    assert link not in page.content.decode()
    assert "conflit déclaré" in page.content.decode()
    ranking = client_for("committee_member").get(reverse("selection:ranking", kwargs={"pk": commission.pk}))
    assert link not in ranking.content.decode()


def test_declaring_a_conflict_leads_back_to_the_commission(world, client_for, scene):
    commission, application = scene["commission"], scene["examined"]
    response = client_for("committee_member").post(
        reverse("selection:conflict", kwargs={"pk": commission.pk, "application_pk": application.pk}),
        {"reason": "Ancien associé de mon cabinet."},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("selection:detail", kwargs={"pk": commission.pk})
    assert client_for("committee_member").get(file_urls(application)[0]).status_code == 404
