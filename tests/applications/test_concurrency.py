"""Two agents acting on the same file at once lose no update (PostgreSQL: real row locks).

Each thread has its own database connection and transaction; a barrier releases them together. The
services lock the row (``select_for_update``) and check the version the agent's page was built from:
exactly one decision wins, the other gets the French "modified meanwhile" message, and concurrent
edits of different fields both survive.
"""

import threading

import pytest
from django.db import connection, connections

from cesp.applications import services
from cesp.applications.models import Application, ApplicationStatus, ApplicationTransition
from tests.applications.helpers import NOW, draft, submitted

pytestmark = [
    pytest.mark.concurrency,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip(
            "Les tests de concurrence demandent PostgreSQL (verrous de ligne réels) : DATABASE_URL=postgres://…"
        )


def run_together(*calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_agents_deciding_at_once_one_wins_the_other_is_told(world):
    application = submitted(world)
    version = application.version
    agent, other = world.users["ufr_agent"], world.users["admin"]
    for _ in range(5):
        results = run_together(
            lambda: services.application_mark_complete(
                actor=agent, application=application, expected_version=version, at=NOW
            ),
            lambda: services.application_mark_inadmissible(
                actor=other, application=application, expected_version=version, reason="Hors délai", at=NOW
            ),
        )
        errors = [r for r in results if isinstance(r, Exception)]
        assert len(errors) == 1, results
        assert isinstance(errors[0], services.StaleApplication)
        assert "modifié par quelqu'un d'autre" in str(errors[0])
        application.refresh_from_db()
        assert application.version == version + 1
        assert (
            ApplicationTransition.objects.filter(application=application).count() == 3
        )  # draft, submitted, one
        # Put it back for the next round.
        Application.objects.filter(pk=application.pk).update(
            status=ApplicationStatus.SUBMITTED, version=version
        )
        ApplicationTransition.objects.filter(
            application=application, to_status__in=["complete", "inadmissible"]
        ).delete()


def test_concurrent_edits_of_different_steps_both_survive(world):
    application = draft(world)
    candidate = application.candidate
    results = run_together(
        lambda: services.application_update_step(
            actor=candidate,
            application=application,
            step="project",
            data={"intended_place": "Hirson"},
            expected_version=None,
            at=NOW,
        ),
        lambda: services.application_update_step(
            actor=candidate,
            application=application,
            step="financial",
            data={"dependants": 2},
            expected_version=None,
            at=NOW,
        ),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    application.refresh_from_db()
    assert (application.intended_place, application.dependants) == ("Hirson", 2)


def test_two_correction_requests_at_once_make_one(world):
    application = submitted(world)

    def ask(actor):
        return lambda: services.correction_request(
            actor=actor,
            application=application,
            message="Pièce illisible.",
            sections=[],
            document_kinds=["identity"],
            expected_version=None,
            at=NOW,
        )

    results = run_together(ask(world.users["ufr_agent"]), ask(world.users["admin"]))
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], services.ApplicationError), results
    assert application.corrections.count() == 1
