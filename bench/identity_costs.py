"""What the security layers of issue 20 cost per request or per value, measured in-process.

    .venv/bin/python bench/identity_costs.py [--requests 300]

Builds a throw-away SQLite database (migrations, one UFR agent with a verified second factor), then times:
- an agent's home page through the full middleware stack, and the same with the CSP middleware, and with
  django-otp and the second-factor middleware, taken out (the difference is what each costs);
- encrypting and decrypting an IBAN (Fernet);
- writing an audit event and chaining it (one transaction each, as a request does).
Figures go to docs/benchmarks.md by hand, with the machine they ran on.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="cesp-bench-identity-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cesp.settings_test")
os.environ["CESP_VAR_DIR"] = str(TMP)
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from cesp.accounts.models import Organisation, OrganisationKind  # noqa: E402
from cesp.accounts.roles import Role  # noqa: E402
from cesp.core import encryption  # noqa: E402
from cesp.core.audit import audit_chain_pending, audit_record  # noqa: E402
from tests import factories  # noqa: E402
from tests.second_factor import log_in  # noqa: E402


def timed(function, n: int) -> float:
    """Median milliseconds of ``function`` over ``n`` calls (after 10 warm-up calls)."""
    for _ in range(10):
        function()
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    n = parser.parse_args().requests
    call_command("migrate", verbosity=0)
    asp = Organisation.objects.create(kind=OrganisationKind.ASP, name="ASP")
    agent = factories.UserFactory(email="agent@bench.fr")
    factories.MembershipFactory(user=agent, organisation=asp, role=Role.ASP_AGENT)
    full = list(settings.MIDDLEWARE)
    without_csp = [m for m in full if m != "csp.middleware.CSPMiddleware"]
    without_otp = [
        m
        for m in full
        if m
        not in ("django_otp.middleware.OTPMiddleware", "cesp.accounts.second_factor.second_factor_middleware")
    ]
    results = {}
    for label, middleware in (
        ("full stack", full),
        ("without CSP", without_csp),
        ("without 2FA", without_otp),
    ):
        with override_settings(MIDDLEWARE=middleware):
            client = log_in(Client(), agent)
            assert client.get("/").status_code == 200
            results[label] = timed(lambda c=client: c.get("/"), n)
    for label, ms in results.items():
        print(f"home page, ASP agent, {label}: {ms:.2f} ms (median of {n})")
    print(f"  CSP costs {results['full stack'] - results['without CSP']:+.2f} ms per page")
    print(f"  second factor costs {results['full stack'] - results['without 2FA']:+.2f} ms per page")

    iban = "FR7630006000011234567890189"
    token = encryption.encrypt(iban)
    print(f"IBAN encrypt: {timed(lambda: encryption.encrypt(iban), 5000) * 1000:.1f} µs")
    print(f"IBAN decrypt: {timed(lambda: encryption.decrypt(token), 5000) * 1000:.1f} µs")

    def write_event():
        with transaction.atomic():
            audit_record(actor=agent, action="bench.event", obj=asp, changes={"n": 1})

    import cesp.core.audit as audit_module

    chained = timed(write_event, n)  # the commit chains it (on_commit), as after a request
    real = audit_module._chain_after_commit
    audit_module._chain_after_commit = lambda: None
    try:
        unchained = timed(write_event, n)
    finally:
        audit_module._chain_after_commit = real
    audit_chain_pending()
    print(
        f"audit event in its own transaction: {chained:.2f} ms chained, {unchained:.2f} ms without the chain"
    )


if __name__ == "__main__":
    main()
