"""The number of SQL queries of every page of the access matrix, against a committed snapshot.

Every page that answers 200 to a role (the access matrix's walk, tests/web/sweep.py, with the objects
tests/access builds) records its query count in tests/web/query_counts.json. A page that runs more
queries fails with the queries it ran; a page that runs fewer passes and says the snapshot can be
tightened. After an intended change:

    UPDATE_QUERY_COUNTS=1 .venv/bin/python -m pytest tests/web/test_query_counts.py -n 0

rewrites the snapshot (commit it with the change, and say in the commit why a count grew). That a
count does not grow with the data is tests/web/test_queries_with_data.py.
"""

import sys

import pytest
from django.urls import resolve

from cesp.decrees import selectors as decree_selectors
from cesp.decrees.models import Decree
from tests import access
from tests.conftest import ROLES
from tests.web import query_counts, sweep


@pytest.mark.parametrize("role", ROLES)
def test_query_counts_do_not_grow(role, world, client_for, record_property):
    client = client_for(role)
    measures = query_counts.measure_pages(client, sweep.pages(access.url_kwargs(world)))
    assert measures, f"no page answers 200 to {role}: the sweep measured nothing"
    if query_counts.updating():
        query_counts.record(role, measures)
        return
    result = query_counts.compare(role, measures, query_counts.column(query_counts.load(), role))
    if result.shrunk:
        # Shown at the end of the run (tests/conftest.py, pytest_terminal_summary).
        record_property(query_counts.TIGHTEN_PROPERTY, result.shrunk)
        print("The snapshot can be tightened:", *result.shrunk, sep="\n  ")
    assert not result.failed, result.failure_message()


PROBED_PAGE, PROBED_ROLE = "decrees:index", "anonymous"


def with_one_more_query(selector, calls):
    def probed(**kwargs):
        calls.append(kwargs)
        Decree.objects.exists()  # the query a careless change adds
        return selector(**kwargs)

    return probed


@pytest.mark.skipif(query_counts.updating(), reason="the snapshot is being rewritten")
def test_the_snapshot_fails_when_a_page_gains_one_query(world, client_for, monkeypatch):
    """The probe: the public decree list's selector runs one query more, and the sweep reports that
    page, +1, with the extra query; without the probe, the same page matches its snapshot exactly."""
    client = client_for(PROBED_ROLE)
    pages = sweep.pages(access.url_kwargs(world), only={PROBED_PAGE})
    expected = query_counts.column(query_counts.load(), PROBED_ROLE)
    assert PROBED_PAGE in expected, "the probed page must be in the snapshot"

    before = query_counts.compare(
        PROBED_ROLE, query_counts.measure_pages(client, pages), expected, only={PROBED_PAGE}
    )
    assert not before.failed and not before.shrunk, before.failure_message()

    calls = []
    probed = with_one_more_query(decree_selectors.decree_list, calls)
    monkeypatch.setattr(decree_selectors, "decree_list", probed)
    view_module = sys.modules[resolve(pages[0].url).func.__module__]
    if hasattr(view_module, "decree_list"):  # imported by name into the view's module
        monkeypatch.setattr(view_module, "decree_list", probed)
    after = query_counts.compare(
        PROBED_ROLE, query_counts.measure_pages(client, pages), expected, only={PROBED_PAGE}
    )
    assert calls, "the probe was not called: the page no longer uses decree_list, probe another one"
    assert after.failed and len(after.grown) == 1, after
    report = after.grown[0]
    assert report.startswith(f"\n{PROBED_PAGE} as {PROBED_ROLE}:")
    assert f"{expected[PROBED_PAGE] + 1} queries, the snapshot says {expected[PROBED_PAGE]} (+1)" in report
    assert '"decrees_decree"' in report.split("Captured queries were:")[1]
    assert "UPDATE_QUERY_COUNTS=1" in after.failure_message()


def test_comparison_rules():
    """Growth, a page the snapshot lacks and an entry no page answers fail; shrinking passes."""
    measure = query_counts.Measure
    measures = {"a": measure(200, ["q1", "q2"]), "b": measure(200, ["q1"]), "new": measure(200, [])}
    result = query_counts.compare("ufr_agent", measures, {"a": 1, "b": 2, "gone": 3})
    assert [line.split(":")[0].strip() for line in result.grown] == ["a as ufr_agent"]
    assert "1. q1\n2. q2" in result.grown[0]
    assert result.shrunk == ["b as ufr_agent: 1 queries (snapshot 2)"]
    assert result.missing == ["new (0 queries)"] and result.stale == ["gone"]
    assert result.failed
    only_b = query_counts.compare("ufr_agent", {"b": measures["b"]}, {"a": 1, "b": 2}, only={"b"})
    assert not only_b.failed and only_b.shrunk


def test_record_rewrites_only_the_role_column(tmp_path, monkeypatch):
    monkeypatch.setattr(query_counts, "SNAPSHOT", tmp_path / "counts.json")
    measure = query_counts.Measure
    query_counts.record("candidate", {"a": measure(200, ["q"]), "b": measure(200, ["q", "q"])})
    query_counts.record("ufr_agent", {"a": measure(200, [])})
    query_counts.record("candidate", {"a": measure(200, ["q"] * 3)})
    assert query_counts.load() == {"a": {"candidate": 3, "ufr_agent": 0}}
