"""Interview times and sitting dates are bounded by their meaning: year 1 or 9999 is a French
message and nothing is recorded, never an OverflowError (issue 11, item 18)."""

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cesp.selection import services
from cesp.selection.models import ConflictDeclaration, InterviewSlot, Score

OUT_OF_RANGE_INSTANTS = ["0001-01-01T00:00", "9999-12-31T23:59", "2008-12-31T10:00", "2029-01-01T10:00"]


@pytest.mark.parametrize("value", OUT_OF_RANGE_INSTANTS)
def test_an_interview_outside_its_campaign_is_refused_in_french(world, client_for, commission, files, value):
    client = client_for("committee_member")
    response = client.post(
        reverse("selection:interview", args=[commission.pk, files[0].pk]),
        {"starts_at": value, "duration_minutes": 20, "place": "Salle du conseil"},
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Entretien refusé" in page or "une date entre" in page
    assert not InterviewSlot.objects.exists()


def test_an_interview_within_the_campaign_is_recorded(world, client_for, commission, files):
    client = client_for("committee_member")
    client.post(
        reverse("selection:interview", args=[commission.pk, files[0].pk]),
        {"starts_at": "2027-05-05T09:30", "duration_minutes": 20, "place": "Salle du conseil"},
    )
    slot = InterviewSlot.objects.get()
    assert timezone.localtime(slot.starts_at).replace(tzinfo=None) == datetime(2027, 5, 5, 9, 30)


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "2027-03-30", "2027-09-01"])
def test_a_sitting_outside_its_campaign_is_refused(world, client_for, commission, value):
    """A sitting is held after the filing deadline (31/03/2027) and within the academic year."""
    client = client_for("committee_member")
    response = client.post(
        reverse("selection:sitting_add", args=[commission.pk]),
        {"held_on": value, "present": [m.pk for m in commission.members.all()]},
        follow=True,
    )
    assert response.status_code == 200
    assert not commission.sittings.exists()


def test_the_service_gives_the_range_in_its_message(world, commission):
    with pytest.raises(services.SelectionError, match=r"Date de la séance : une date entre le 31/03/2027"):
        services.sitting_record(
            actor=world.users["committee_member"],
            commission=commission,
            held_on=date(9999, 12, 31),
            present=list(commission.members.all()),
        )


HUGE_COMMENT = (
    "Tres bon dossier. " * 135_000
)  # about 2.4 MB, as the probe stored (under the 2.5 MB body limit)


def test_a_huge_score_comment_is_refused_in_french_and_nothing_is_stored(
    world, client_for, commission, files
):
    assert len(HUGE_COMMENT.encode()) > 2_400_000
    client = client_for("committee_member")
    response = client.post(
        reverse("selection:score", args=[commission.pk, files[0].pk]),
        {"project": "14", "academic": "12", "financial": "9", "comment": HUGE_COMMENT},
        follow=True,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Notes refusées" in page and "2000 caractères" in page
    assert not Score.objects.exists()


def test_the_score_form_says_the_limit_to_the_browser(world, client_for, commission, files):
    page = client_for("committee_member").get(reverse("selection:file", args=[commission.pk, files[0].pk]))
    assert 'maxlength="2000"' in page.content.decode()


@pytest.mark.parametrize(
    "call",
    [
        lambda actor, commission, file: services.score_set(
            actor=actor,
            commission=commission,
            application=file,
            project=10,
            academic=10,
            financial=10,
            comment="x" * 2001,
        ),
        lambda actor, commission, file: services.conflict_declare(
            actor=actor, commission=commission, application=file, reason="x" * 1001
        ),
        lambda actor, commission, file: services.application_exclude(
            actor=actor, commission=commission, application=file, reason="x" * 1001
        ),
        lambda actor, commission, file: services.interview_set(
            actor=actor,
            commission=commission,
            application=file,
            starts_at=timezone.make_aware(datetime(2027, 5, 5, 9, 0)),
            place="x" * 301,
        ),
    ],
    ids=["score-comment", "conflict-reason", "exclusion-reason", "interview-place"],
)
def test_services_refuse_overlong_text_whatever_the_caller(world, commission, files, call):
    with pytest.raises(services.SelectionError, match="caractères au plus"):
        call(world.users["committee_member"], commission, files[0])
    assert not Score.objects.exists() and not InterviewSlot.objects.exists()
    assert not ConflictDeclaration.objects.exists() and not commission.exclusions.exists()
