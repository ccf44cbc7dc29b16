"""Applications: candidates reach only their own files; UFR A's file is instructed by UFR A's agents.

url_kwargs builds a campaign of UFR A and a file of world.users["candidate"], submitted with a clean
document and then reopened by a correction request (so that the candidate's pages are open too).
"""

from datetime import timedelta

from django.utils import timezone

from cesp.applications import services
from cesp.applications.models import ScanStatus
from tests.access import AGENTS_ONLY, LOGGED_IN, POST_ONLY, only
from tests.applications import helpers

AGENTS_AND_ADMIN = {**AGENTS_ONLY, "admin": 200}
INSTRUCTORS_OF_UFR_A = only({"ufr_agent": 200, "admin": 200})
# UFR A's committee member does not see the file at all (404): it is on no commission they sit on.
INSTRUCTING_THE_FILE = {**INSTRUCTORS_OF_UFR_A, "committee_member": 404}
FILE_READERS = {**LOGGED_IN, "committee_member": 404}

EXPECTED = {
    "applications:mine": only({"candidate": 200}),
    "applications:start": POST_ONLY,
    "applications:step": only({"candidate": 200}),
    "applications:withdraw": only({"candidate": 200}),
    "applications:answer": only({"candidate": 200}),
    "applications:document_remove": POST_ONLY,
    # The file, its receipt and its documents: the candidate, UFR A's agents, region A's ARS, national
    # agencies and admins; UFR B's agent and another candidate get 404 (tests/applications/test_access.py),
    # and so does UFR A's committee member: this file is on no commission they sit on
    # (tests/selection/test_member_scope.py).
    "applications:detail": FILE_READERS,
    "applications:receipt": FILE_READERS,
    "applications:document": FILE_READERS,
    "applications:campaigns": AGENTS_AND_ADMIN,
    "applications:campaign_create": only({"ufr_agent": 200, "ars_referent": 200, "admin": 200}),
    "applications:campaign_edit": INSTRUCTORS_OF_UFR_A,
    "applications:queue": AGENTS_AND_ADMIN,
    "applications:export": AGENTS_AND_ADMIN,
    "applications:request_corrections": INSTRUCTING_THE_FILE,
    "applications:decide": INSTRUCTING_THE_FILE,
}


def url_kwargs(world):
    now = timezone.now()
    campaign = services.campaign_create(
        actor=world.users["ufr_agent"],
        kind="UFR",
        faculty=world.ufr_a.faculty,
        region=world.ufr_a.faculty.region,
        discipline=world.ufr_a.faculty.discipline,
        # Another year than the selection module's campaign of UFR A (one campaign per UFR and year).
        academic_year=helpers.academic_year("2027-2028"),
        title="",
        filing_opens_at=now - timedelta(days=30),
        filing_deadline=now + timedelta(days=30),
        commission_date=(now + timedelta(days=60)).date(),
        weight_project=1,
        weight_academic=1,
        weight_financial=1,
        status="open",
    )
    application = services.application_start(candidate=world.users["candidate"], campaign=campaign, at=now)
    application = helpers.fill(application, at=now)
    helpers.add_required_documents(application, at=now)
    application = services.application_submit(
        actor=world.users["candidate"], application=application, expected_version=None, at=now
    )
    services.correction_request(
        actor=world.users["ufr_agent"],
        application=application,
        message="Le relevé de notes N-1 est illisible.",
        sections=["project"],
        document_kinds=["transcript_n1"],
        expected_version=None,
        at=now,
    )
    document = application.documents.filter(scan_status=ScanStatus.CLEAN).first()
    return {
        "applications:start": {"campaign_pk": campaign.pk},
        "applications:step": {"pk": application.pk, "step": "situation"},
        "applications:withdraw": {"pk": application.pk},
        "applications:answer": {"pk": application.pk},
        "applications:document_remove": {"pk": document.pk},
        "applications:detail": {"pk": application.pk},
        "applications:receipt": {"pk": application.pk},
        "applications:document": {"pk": document.pk},
        "applications:campaign_edit": {"pk": campaign.pk},
        "applications:request_corrections": {"pk": application.pk},
        "applications:decide": {"pk": application.pk},
    }
