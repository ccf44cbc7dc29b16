"""Benchmark of the UFR work queue (issue #5): N filed files of one UFR, the agent's queue page timed.

Not a test (pytest does not collect it). Run it against a throw-away PostgreSQL database:

    createdb -h 127.0.0.1 -U postgres cesp_bench_apps
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cesp_bench_apps N=20000 \\
        .venv/bin/python tests/applications/bench_queue.py

It migrates the database, creates the files in bulk (once; re-runs reuse them), then requests each page
30 times through Django's test client and prints the median, the 90th percentile and the queries.
"""

import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cesp.settings_test")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from cesp.accounts.models import Membership, Organisation, User  # noqa: E402
from cesp.applications.models import Application, Campaign  # noqa: E402
from cesp.referentials.models import AcademicYear, Faculty, Region  # noqa: E402

PAGES = [
    "?per_page=20",
    "?per_page=100",
    "?per_page=20&sort=-name",
    "?per_page=20&status=complete",
    "?per_page=20&q=Nom01234",
    "?per_page=20&page=500",
]


def build(n: int):
    region, _ = Region.objects.get_or_create(
        code="32", defaults={"name": "Hauts-de-France", "ars_name": "ARS"}
    )
    faculty, _ = Faculty.objects.get_or_create(
        code="medecine-lille",
        defaults={"name": "UFR de médecine de Lille", "discipline": "medecine", "region": region},
    )
    organisation, _ = Organisation.objects.get_or_create(
        kind="UFR", faculty=faculty, defaults={"name": "UFR Lille", "region": region}
    )
    agent, _ = User.objects.get_or_create(email="agent@bench.fr")
    Membership.objects.get_or_create(user=agent, organisation=organisation, role="ufr_agent")
    year, _ = AcademicYear.objects.get_or_create(
        label="2026-2027", defaults={"start": date(2026, 9, 1), "end": date(2027, 8, 31)}
    )
    now = timezone.now()
    campaign, _ = Campaign.objects.get_or_create(
        kind="UFR",
        faculty=faculty,
        academic_year=year,
        defaults={
            "region": region,
            "discipline": "medecine",
            "filing_opens_at": now - timedelta(days=30),
            "filing_deadline": now + timedelta(days=30),
            "commission_date": (now + timedelta(days=60)).date(),
            "status": "open",
        },
    )
    existing = Application.objects.count()
    if existing < n:
        users = User.objects.bulk_create(
            [
                User(email=f"c{i}@bench.fr", first_name="Prénom", last_name=f"Nom{i:05d}", password="!")
                for i in range(existing, n)
            ],
            batch_size=5000,
        )
        statuses = ["submitted", "complete", "corrections_requested", "inadmissible", "withdrawn"]
        Application.objects.bulk_create(
            [
                Application(
                    campaign=campaign,
                    candidate=user,
                    status=statuses[i % 5],
                    cursus="medecine",
                    status_at_signature="student" if i % 3 else "intern",
                    cycle=2 if i % 3 else 3,
                    current_year=4,
                    submitted_at=now - timedelta(minutes=i),
                )
                for i, user in enumerate(users)
            ],
            batch_size=5000,
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return agent


def main():
    setup_test_environment()
    call_command("migrate", verbosity=0)
    agent = build(int(os.environ.get("N", "20000")))
    client = Client()
    client.force_login(agent, backend="django.contrib.auth.backends.ModelBackend")
    print(f"{Application.objects.count()} files, {connection.vendor}")
    for query in PAGES:
        url = "/candidatures/instruction/" + query
        client.get(url)
        times = []
        for _ in range(30):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        times.sort()
        print(
            f"{query:32s} median {statistics.median(times):6.1f} ms  p90 {times[26]:6.1f} ms  "
            f"queries {len(captured)}"
        )


if __name__ == "__main__":
    main()
