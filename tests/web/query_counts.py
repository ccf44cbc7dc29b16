"""Counting the SQL queries of a page, and the committed snapshot of every page's count.

``tests/web/query_counts.json`` holds, for every page of the access matrix that answers 200 and every
role it answers 200 to, the number of SQL queries of one GET: ``{url_name: {role: count}}``. The
sweep (tests/web/test_query_counts.py) fails when a page runs more queries than its snapshot says,
printing the queries as ``assertNumQueries`` does; a page that runs fewer passes and says the snapshot
can be tightened. ``UPDATE_QUERY_COUNTS=1`` rewrites the snapshot (the columns of the roles run).

A page is measured with empty caches (every cache of ``CACHES``, the content-type cache and the
per-process memo of the site configuration cleared just before its GET): the count does not depend on
which page ran before, in which process, nor how long ago, and it includes the few queries a warm cache
would save (the DSFR site configuration).
"""

import contextlib
import fcntl
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cesp.core.context_processors import _process_memo as site_config_memo

SNAPSHOT = Path(__file__).with_name("query_counts.json")
UPDATE_VARIABLE = "UPDATE_QUERY_COUNTS"
# The user property under which a passing sweep reports the counts that shrank (tests/conftest.py).
TIGHTEN_PROPERTY = "query_counts_can_be_tightened"


def updating() -> bool:
    return os.environ.get(UPDATE_VARIABLE, "") == "1"


def reset_caches() -> None:
    for cache in caches.all():
        cache.clear()
    ContentType.objects.clear_cache()
    site_config_memo.clear()  # the per-process memo of the DSFR site configuration (30 s)


@dataclass(frozen=True)
class Measure:
    status: int
    queries: list[str]  # the SQL of each query, in order
    content: bytes = b""  # the page, when asked for

    @property
    def count(self) -> int:
        return len(self.queries)


def measure(client, url: str, *, keep_content: bool = False) -> Measure:
    """One GET of ``url`` with empty caches, and the SQL it ran."""
    reset_caches()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = [query["sql"] for query in captured.captured_queries]
    content = b""
    if keep_content:
        content = b"".join(response.streaming_content) if response.streaming else response.content
    return Measure(response.status_code, queries, content)


def measure_pages(client, pages) -> dict[str, Measure]:
    """The pages (tests/web/sweep.py) that answer 200 to this client, by URL name."""
    measures = {}
    for page in pages:
        result = measure(client, page.url)
        if result.status == 200:
            measures[page.name] = result
    return measures


def load() -> dict[str, dict[str, int]]:
    if not SNAPSHOT.exists():
        return {}
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def column(snapshot: dict[str, dict[str, int]], role: str) -> dict[str, int]:
    return {name: counts[role] for name, counts in snapshot.items() if role in counts}


@dataclass
class Comparison:
    """What a role's measures say against the snapshot's column of that role."""

    role: str
    grown: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    shrunk: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.grown or self.missing or self.stale)

    def failure_message(self) -> str:
        parts = []
        if self.grown:
            parts.append("Pages that run more SQL queries than tests/web/query_counts.json says:")
            parts.extend(self.grown)
        if self.missing:
            parts.append("Pages answering 200 that the snapshot does not know: " + ", ".join(self.missing))
        if self.stale:
            parts.append("Snapshot entries of pages that no longer answer 200: " + ", ".join(self.stale))
        parts.append(
            f"If the change is intended, rewrite the snapshot: {UPDATE_VARIABLE}=1 "
            ".venv/bin/python -m pytest tests/web/test_query_counts.py -n 0"
        )
        return "\n".join(parts)


def numbered(queries: list[str]) -> str:
    return "\n".join(f"{n}. {sql}" for n, sql in enumerate(queries, start=1))


def compare(role: str, measures: dict[str, Measure], expected: dict[str, int], *, only=None) -> Comparison:
    """Compare a role's measures with its snapshot column ``expected`` (restricted to the URL names in
    ``only`` when the sweep covered only those pages)."""
    if only is not None:
        expected = {name: count for name, count in expected.items() if name in only}
    result = Comparison(role)
    for name, measured in sorted(measures.items()):
        if name not in expected:
            result.missing.append(f"{name} ({measured.count} queries)")
        elif measured.count > expected[name]:
            result.grown.append(
                f"\n{name} as {role}: {measured.count} queries, the snapshot says {expected[name]} "
                f"(+{measured.count - expected[name]}). Captured queries were:\n{numbered(measured.queries)}"
            )
        elif measured.count < expected[name]:
            result.shrunk.append(f"{name} as {role}: {measured.count} queries (snapshot {expected[name]})")
    result.stale = sorted(set(expected) - set(measures))
    return result


@contextlib.contextmanager
def _locked_snapshot():
    """The snapshot, read and written under an exclusive lock (xdist runs roles in parallel)."""
    SNAPSHOT.touch(exist_ok=True)
    with SNAPSHOT.open("r+", encoding="utf-8") as file:
        fcntl.flock(file, fcntl.LOCK_EX)
        text = file.read()
        snapshot = json.loads(text) if text.strip() else {}
        yield snapshot
        file.seek(0)
        file.truncate()
        file.write(dumps(snapshot))


def dumps(snapshot: dict[str, dict[str, int]]) -> str:
    """One line per page, pages and roles sorted: a change of count is a one-line diff."""
    lines = [
        f"  {json.dumps(name)}: {json.dumps(dict(sorted(counts.items())))}"
        for name, counts in sorted(snapshot.items())
    ]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def record(role: str, measures: dict[str, Measure]) -> None:
    """Rewrite the role's column of the snapshot with ``measures``."""
    with _locked_snapshot() as snapshot:
        for counts in snapshot.values():
            counts.pop(role, None)
        for name, measured in measures.items():
            snapshot.setdefault(name, {})[role] = measured.count
        for name in [name for name, counts in snapshot.items() if not counts]:
            del snapshot[name]
