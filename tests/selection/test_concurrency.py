"""Scoring racing with the validation never leaves a score after it (PostgreSQL row locks)."""

import threading
from datetime import date

import pytest
from django.db import close_old_connections, connection

from cesp.core.models import AuditEvent
from cesp.selection import services
from cesp.selection.models import Score
from tests.selection.builders import score_all

pytestmark = pytest.mark.concurrency


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("Les verrous de ligne (select_for_update) ne se testent que sur PostgreSQL.")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(5))
def test_scoring_racing_with_validation(postgres_only, world, commission, files, members, attempt):
    a, b, c, d = files
    score_all(commission, {a: 15, b: 12, c: 10, d: 9})
    services.lists_build(
        actor=world.users["ufr_agent"], commission=commission, main_size=2, complementary_size=1
    )
    services.sitting_record(
        actor=world.users["ufr_agent"],
        commission=commission,
        held_on=date(2027, 5, 12),
        present=list(members.values()),
    )
    president = world.users["committee_member"]
    ars = world.users["ars_referent"]
    barrier = threading.Barrier(2)
    outcomes = {}

    def validate():
        try:
            barrier.wait()
            services.commission_validate(actor=president, commission=commission)
            outcomes["validate"] = "ok"
        except services.SelectionError as error:
            outcomes["validate"] = str(error)
        finally:
            close_old_connections()

    def rescore():
        try:
            barrier.wait()
            services.score_set(
                actor=ars, commission=commission, application=d, project=20, academic=20, financial=20
            )
            outcomes["score"] = "ok"
        except services.SelectionError as error:
            outcomes["score"] = str(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=validate), threading.Thread(target=rescore)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    commission.refresh_from_db()
    score = Score.objects.get(member__user=ars, application=d)
    if outcomes["score"] == "ok":
        # The score landed first: it reset the draft lists, so the validation was refused.
        assert outcomes["validate"] != "ok" and not commission.is_validated
        assert score.project == 20
    else:
        assert "ont été validées" in outcomes["score"]
        assert commission.is_validated and score.project == 9
        validated_at = AuditEvent.objects.for_object(commission).get(action="selection.validate").created_at
        later = AuditEvent.objects.for_object(commission).filter(
            action="selection.score_set", created_at__gt=validated_at
        )
        assert not later.exists()
        assert not Score.objects.filter(
            member__commission=commission, scored_at__gt=commission.validated_at
        ).exists()
