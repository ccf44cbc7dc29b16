"""CPU per request of the busiest pages in one process, and where it goes (issue #12).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cesp_bench_pages .venv/bin/python bench/page_cpu.py
    … bench/page_cpu.py --only "work queue" --profile      # the page's top functions (cProfile)

`bench/pages.py` measures throughput under load against the anchors; this script measures what a
change buys: each page rendered through Django's whole stack (middleware, sessions, second factor,
templates) by the test client, logged in as its role, DEBUG off, `time.process_time()` over
``--repeat`` requests after two warm-up requests. CPU time is what a shared machine disturbs least
(about ±15 % here), so compare figures of the same run. It reads the database `bench/pages.py`
builds (run that once, or `make demo` steps on the same `DATABASE_URL`) and the anchor page of
`bench/anchor_app.py` rendered by its own template engine in the same process.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
# The load benchmark's server settings (DEBUG off, its encryption key: the database it built holds
# IBANs encrypted with it), its choice of pages and the accounts it logs in as.
import pages as bench_pages  # noqa: E402

os.environ["ALLOWED_HOSTS"] = "testserver"


def pages(client_for) -> list[tuple[str, object, str]]:
    """(name, client, path) for each page; the accounts are those `bench/pages.py` logs in as."""
    found = bench_pages.find_targets(None)
    result = []
    for target in bench_pages.targets_for(found):
        if target.method != "GET":
            continue
        result.append((target.name, client_for(target.login), target.path))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--only", nargs="*", help="mots du nom des pages à mesurer")
    parser.add_argument(
        "--profile", action="store_true", help="les fonctions les plus coûteuses de chaque page"
    )
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="cumulative", help="ordre du profil : cumulative, tottime…")
    args = parser.parse_args()

    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    from cesp.accounts.models import User

    setup_test_environment()  # the test client's response.context; templates rendered as in production
    sys.path.insert(0, str(ROOT / "tests"))
    from second_factor import log_in  # force_login plus a verified second factor

    clients = {}

    def client_for(email):
        if email not in clients:
            client = Client(HTTP_X_FORWARDED_PROTO="https", secure=True)
            if email:
                log_in(client, User.objects.get(email=email))
            clients[email] = client
        return clients[email]

    for name, client, path in pages(client_for):
        if args.only and not any(word.lower() in name.lower() for word in args.only):
            continue
        for _ in range(2):
            response = client.get(path)
            assert response.status_code == 200, (name, response.status_code)
        repeat = max(3, args.repeat // 5) if "ranking" in name else args.repeat
        profiler = cProfile.Profile() if args.profile else None
        start = time.process_time()
        if profiler:
            profiler.enable()
        for _ in range(repeat):
            client.get(path)
        if profiler:
            profiler.disable()
        cpu = (time.process_time() - start) / repeat * 1000
        print(f"{cpu:8.1f} ms  {name}  ({len(response.content) // 1024} KB)")
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.top)
            print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
