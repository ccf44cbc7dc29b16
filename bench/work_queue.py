"""Benchmark of the UFR work queue (issue #5): 20,000 files of one UFR on PostgreSQL.

    createdb -h 127.0.0.1 -U postgres cesp_bench_queue   # once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cesp_bench_queue \
        .venv/bin/python bench/work_queue.py --files 20000 --requests 60

Builds (once; re-runs reuse the data) a UFR with 20,000 submitted files of 20,000 candidates, then
requests the queue page through Django's full stack (middleware, session, scope, selectors, template
rendering) with the test client, logged in as the UFR's agent: the first page at each page size, a
filtered and sorted page and a text search. It prints the median, p90 and the number of SQL queries
of each, and writes them to var/bench/work_queue.json. Timings exclude only the network.
"""

import argparse
import json
import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cesp.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("AXES_ENABLED", "false")
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "YmVuY2gtb25seS1maWVsZC1rZXktMDEyMzQ1Njc4OWE=")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from cesp.accounts.models import Membership, Organisation, OrganisationKind, Role, User  # noqa: E402
from cesp.applications.models import Application, Campaign, CampaignKind, CampaignStatus  # noqa: E402
from cesp.referentials.models import AcademicYear, Faculty, Region  # noqa: E402

STATUSES = ["submitted"] * 6 + ["corrections_requested", "complete", "complete", "inadmissible"]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
]


def build(files: int) -> User:
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # production serves hashed static files
    region, _ = Region.objects.get_or_create(
        code="32", defaults={"name": "Hauts-de-France", "ars_name": "ARS HDF"}
    )
    faculty, _ = Faculty.objects.get_or_create(
        code="medecine-bench",
        defaults={"name": "UFR de médecine (banc)", "discipline": "medecine", "region": region},
    )
    organisation, _ = Organisation.objects.get_or_create(
        kind=OrganisationKind.UFR, faculty=faculty, defaults={"name": faculty.name, "region": region}
    )
    agent, _ = User.objects.get_or_create(email="agent@bench.cesp.fr", defaults={"first_name": "Agent"})
    Membership.objects.get_or_create(user=agent, organisation=organisation, role=Role.UFR_AGENT)
    year, _ = AcademicYear.objects.get_or_create(
        label="2026-2027",
        defaults={"start": datetime(2026, 9, 1).date(), "end": datetime(2027, 8, 31).date()},
    )
    start = datetime(2027, 1, 5, 9, tzinfo=UTC)
    campaign, _ = Campaign.objects.get_or_create(
        kind=CampaignKind.UFR,
        faculty=faculty,
        academic_year=year,
        defaults={
            "region": region,
            "discipline": "medecine",
            "filing_opens_at": start,
            "filing_deadline": start + timedelta(days=85),
            "commission_date": (start + timedelta(days=120)).date(),
            "status": CampaignStatus.OPEN,
        },
    )
    existing = Application.objects.filter(campaign=campaign).count()
    if existing < files:
        password = make_password("bench")
        users = User.objects.bulk_create(
            User(
                email=f"candidat{n}@bench.cesp.fr",
                first_name="Camille",
                last_name=LAST_NAMES[n % 10],
                password=password,
            )
            for n in range(existing, files)
        )
        Application.objects.bulk_create(
            (
                Application(
                    campaign=campaign,
                    candidate=user,
                    cursus="medecine",
                    status=STATUSES[n % len(STATUSES)],
                    submitted_at=start + timedelta(minutes=n),
                )
                for n, user in enumerate(users, start=existing)
            ),
            batch_size=2000,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return agent


def measure(client: Client, url: str, requests: int) -> dict:
    client.get(url)  # warm-up: templates compiled, connection open
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    return {
        "url": url,
        "median_ms": round(statistics.median(timings), 1),
        "p90_ms": round(timings[int(len(timings) * 0.9) - 1], 1),
        "queries": len(queries),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database: the figure of issue #5 is on PostgreSQL.")
    agent = build(args.files)
    total = Application.objects.count()
    client = Client()
    client.force_login(agent, backend="django.contrib.auth.backends.ModelBackend")
    base = "/candidatures/instruction/"
    urls = [
        f"{base}?per_page=20",
        f"{base}?per_page=50",
        f"{base}?per_page=100",
        f"{base}?status=submitted&sort=name&per_page=50&page=40",
        f"{base}?q=Durand&per_page=20",
    ]
    results = [measure(client, url, args.requests) for url in urls]
    print(f"{total} files in the queue; {args.requests} requests per page (Django test client, full stack)")
    print(f"{'page':<60} {'median':>8} {'p90':>8} {'queries':>8}")
    for row in results:
        print(f"{row['url']:<60} {row['median_ms']:>6} ms {row['p90_ms']:>6} ms {row['queries']:>8}")
    out = ROOT / "var" / "bench" / "work_queue.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"files": total, "results": results}, indent=2))


if __name__ == "__main__":
    main()
