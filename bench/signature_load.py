"""Load test of the signature (issue #6): wrk fires the signature form of 50 candidates at a quota of 10.

    dropdb --if-exists -h 127.0.0.1 -U postgres cesp_bench_sign; createdb -h 127.0.0.1 -U postgres cesp_bench_sign
    sudo apt-get install wrk                                # Debian's wrk
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cesp_bench_sign .venv/bin/python bench/signature_load.py

It resets the contracts of a bench UFR, puts 50 candidates with a pending offer on a pool whose quota
is 10, logs each in (a session and a CSRF token of their own), starts the platform under `runserver`
(threaded, DEBUG off) and lets wrk post the 50 signature forms over 50 connections for 150 seconds:
every connection keeps posting, so each offer is tried many times. The platform must end with exactly
10 signed contracts, the others refused with a French message. Prints wrk's figures and the outcome and
writes them to var/bench/signature_load.json.
"""

import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
PKI = ROOT / "var" / "bench" / "pki"
ENV = {
    "DJANGO_SETTINGS_MODULE": "cesp.settings",
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "AXES_ENABLED": "false",
    "FIELD_ENCRYPTION_KEYS": "YmVuY2gtb25seS1maWVsZC1rZXktMDEyMzQ1Njc4OWE=",
    "SIGNING_CA_CERT_FILE": str(PKI / "ca.pem"),
    "SIGNING_CERT_FILE": str(PKI / "cachet.pem"),
    "SIGNING_KEY_FILE": str(PKI / "cachet.key.pem"),
}
os.environ.update({k: v for k, v in ENV.items() if k not in os.environ or k.startswith("SIGNING")})

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from cesp.accounts.models import User  # noqa: E402
from cesp.applications.models import Application, Campaign, CampaignKind, CampaignStatus  # noqa: E402
from cesp.contracts.models import Contract, Offer, OfferStatus, QuotaPool  # noqa: E402
from cesp.core.pki import PkiFiles, create_demo_pki  # noqa: E402
from cesp.decrees.models import Category, Decree, DecreeStatus, QuotaLine  # noqa: E402
from cesp.referentials.models import AcademicYear, Faculty, Region  # noqa: E402

CANDIDATES, QUOTA, PASSWORD = 50, 10, "Banc-de-signature-2026"
LUA = """
local requests = {}
local i = 0
init = function(args)
  for line in io.lines(args[1]) do
    local path, cookie, body = line:match("([^\\t]+)\\t([^\\t]+)\\t(.+)")
    requests[#requests + 1] = wrk.format("POST", path, {
      ["Cookie"] = cookie,
      ["Content-Type"] = "application/x-www-form-urlencoded",
    }, body)
  end
end
request = function()
  i = i % #requests + 1
  return requests[i]
end
"""


def prepare() -> list[tuple[Offer, User]]:
    call_command("migrate", verbosity=0)
    create_demo_pki(
        PkiFiles(
            ca_cert=PKI / "ca.pem",
            ca_key=PKI / "ca.key.pem",
            cert=PKI / "cachet.pem",
            key=PKI / "cachet.key.pem",
        )
    )
    region, _ = Region.objects.get_or_create(
        code="32", defaults={"name": "Hauts-de-France", "ars_name": "ARS HDF"}
    )
    faculty, _ = Faculty.objects.get_or_create(
        code="medecine-bench-sign",
        defaults={"name": "UFR de médecine (banc)", "discipline": "medecine", "region": region},
    )
    year, _ = AcademicYear.objects.get_or_create(
        label="2026-2027", defaults={"start": date(2026, 9, 1), "end": date(2027, 8, 31)}
    )
    dgos, _ = User.objects.get_or_create(email="dgos@bench.cesp.fr")
    if Contract.objects.exists():
        sys.exit("Run it on a fresh database (signed contracts cannot be deleted): dropdb, then createdb.")
    decree = Decree.objects.create(
        kind="annual",
        academic_year=year,
        title="Banc de signature",
        signed_on=date.today() - timedelta(days=10),
        published_on=date.today() - timedelta(days=1),
        effective_on=date.today() - timedelta(days=1),
        status=DecreeStatus.PUBLISHED,
        created_by=dgos,
    )
    QuotaLine.objects.create(
        decree=decree,
        faculty=faculty,
        region=region,
        discipline="medecine",
        category=Category.SECOND_CYCLE,
        count=QUOTA,
    )
    pool, _ = QuotaPool.objects.get_or_create(
        academic_year=year,
        faculty=faculty,
        discipline="medecine",
        category=Category.SECOND_CYCLE,
        defaults={"region": region},
    )
    start = datetime.now(UTC) - timedelta(days=300)
    campaign, _ = Campaign.objects.get_or_create(
        kind=CampaignKind.UFR,
        faculty=faculty,
        academic_year=year,
        defaults={
            "region": region,
            "discipline": "medecine",
            "filing_opens_at": start,
            "filing_deadline": start + timedelta(days=60),
            "commission_date": (start + timedelta(days=90)).date(),
            "status": CampaignStatus.CLOSED,
        },
    )
    pairs = []
    now = datetime.now(UTC)
    for n in range(CANDIDATES):
        user, created = User.objects.get_or_create(
            email=f"signataire{n}@bench.cesp.fr", defaults={"first_name": "Camille", "last_name": f"B{n}"}
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
        application, _ = Application.objects.get_or_create(
            campaign=campaign,
            candidate=user,
            defaults={"cursus": "medecine", "status": "complete", "submitted_at": start + timedelta(days=10)},
        )
        offer = Offer.objects.create(
            pool=pool,
            application=application,
            candidate=user,
            list_kind="main",
            rank=n + 1,
            offered_at=now,
            deadline=now + timedelta(days=30),
        )
        pairs.append((offer, user))
    return pairs


def session_cookie(user: User) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database.")
    pairs = prepare()
    lines = []
    for offer, user in pairs:
        csrf = secrets.token_urlsafe(24)[:32].ljust(32, "a")
        csrf = re.sub(r"[^A-Za-z0-9]", "a", csrf)
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": csrf,
                "holder": "Titulaire",
                "iban": "FR7630006000011234567890189",
                "bic": "",
                "password": PASSWORD,
                "consent": "on",
            }
        )
        cookie = f"{settings.SESSION_COOKIE_NAME}={session_cookie(user)}; {settings.CSRF_COOKIE_NAME}={csrf}"
        lines.append(f"/contrats/propositions/{offer.pk}/signer/\t{cookie}\t{body}")
    workdir = Path(tempfile.mkdtemp())
    (workdir / "requests.tsv").write_text("\n".join(lines) + "\n")
    (workdir / "sign.lua").write_text(LUA)
    connection.close()

    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{PORT}"],
        cwd=ROOT,
        env={**os.environ},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/contrats/verifier/", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        started = time.perf_counter()
        wrk = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{CANDIDATES}",
                "-d150s",
                "--timeout",
                "140s",
                "-s",
                str(workdir / "sign.lua"),
                f"http://127.0.0.1:{PORT}",
                "--",
                str(workdir / "requests.tsv"),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    signed = Contract.objects.filter(pool__faculty__code="medecine-bench-sign").count()
    pending = Offer.objects.filter(
        pool__faculty__code="medecine-bench-sign", status=OfferStatus.PENDING
    ).count()
    print(wrk.stdout)
    print(
        f"signed contracts: {signed} (quota {QUOTA}); offers still pending (refused): {pending}; {elapsed:.1f} s"
    )
    out = ROOT / "var" / "bench" / "signature_load.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps({"signed": signed, "quota": QUOTA, "pending": pending, "wrk": wrk.stdout}, indent=2)
    )
    if signed != QUOTA:
        sys.exit(f"FAILED: {signed} contracts signed for a quota of {QUOTA}")


if __name__ == "__main__":
    main()
