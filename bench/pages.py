"""Pages under load (issue #12): the platform's busiest pages against an empty DSFR page, with wrk.

    createdb -h 127.0.0.1 -U postgres cesp_bench_pages   # once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cesp_bench_pages .venv/bin/python bench/pages.py

One command, one run:
1. builds the demo on PostgreSQL as `make demo` does (migrate, referentials with zoning, demo CA,
   `seed_demo`; all idempotent), collects the static files as a deployment does, and grows one open
   commission to ``--ranking-files`` complete, scored files (800 by default, as the issue measured);
2. starts the production server configuration of the README (``gunicorn cesp.wsgi`` with
   ``gunicorn.conf.py``: sync workers, preloading, DEBUG off, HTTPS behind a proxy, persistent
   connections) and, under the same gunicorn settings, the anchors of ``bench/anchor_app.py``: an
   empty page extending ``dsfr/base.html`` with a 20-row table, a bare view and a bare POST view;
3. logs in through the login form as each role (session and CSRF cookies as a browser holds them),
   checks that every page answers 200, then measures each with ``wrk -t2 -c50 -d15s`` right after
   its anchor (the empty DSFR page; the bare POST view for the API), so that both meet the same load
   of a shared machine, and prints req/s, p50, p99, errors, the server's CPU time per request and the
   ratio to the anchor;
4. writes every figure to ``var/bench/pages-<time>.json`` and, with ``--write``, the table to
   ``docs/benchmarks.md`` (between the markers of its "Pages under load" section).

``--env NAME=VALUE`` passes a setting to the platform's server only (``--env CONN_MAX_AGE=0`` measures
a connection per request); ``--only`` restricts the pages; ``--label`` names the run in the JSON.
The machine is shared: compare figures of the same run only (the ratio), never across runs.
"""

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VAR = ROOT / "var" / "bench"
BENCH_VAR_DIR = VAR / "pages"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
DOCS = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- bench/pages.py: begin -->", "<!-- bench/pages.py: end -->"

SERVER_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-pages-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789",
    "ALLOWED_HOSTS": "127.0.0.1",
    "CESP_VAR_DIR": str(BENCH_VAR_DIR),
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "LOG_LEVEL": "WARNING",
    # A fixed Fernet key of the benchmark's own: production requires one (docs/encryption.md).
    "FIELD_ENCRYPTION_KEYS": "YmVuY2gtcGFnZXMtZmllbGQta2V5LTAxMjM0NTY3ODk=",
}
os.environ.update(SERVER_ENV)  # the benchmark's own process builds the demo with the server's settings
os.environ["DJANGO_SETTINGS_MODULE"] = "cesp.settings"
sys.path.insert(0, str(ROOT))

from cesp.rules.examples import design_example  # noqa: E402 (after the path is set)

SIMULATION = {
    "cursus": "medecine",
    "situation": "student",
    "academic_year": "2025-2026",
    "signed_on": "2026-03-02",
    "studies_end": "2030-10-31",
    "postponement_months": "0",
    "quotity": "1",
    "zone": "ZIP",
    "mode": "liberal",
}
API_SCENARIO = design_example()


@dataclass
class Target:
    name: str
    path: str
    server: str = "platform"  # or "anchor"
    login: str | None = None  # e-mail of the account, None for anonymous
    method: str = "GET"
    body: str | None = None
    anchor: str = "dsfr"  # the anchor its ratio is computed against: "dsfr" or "post"


@dataclass
class Measure:
    name: str
    path: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    bytes_per_response: int
    cpu_ms: float = float("nan")  # CPU of the server's processes per completed request
    ratio: float | None = None
    anchor_requests_per_second: float | None = None
    anchor: str = "dsfr"
    raw: str = field(default="", repr=False)


# --- build ------------------------------------------------------------------------------------------


def build(ranking_files: int, collect: bool) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    print("== Démo sur PostgreSQL (idempotent)", flush=True)
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_referentials", "--with-zoning", verbosity=0)
    call_command("create_demo_ca", verbosity=0)
    call_command("seed_demo", verbosity=0)
    manifest = BENCH_VAR_DIR / "static" / "staticfiles.json"
    if collect or not manifest.exists():
        print("== collectstatic (comme un déploiement)", flush=True)
        call_command("collectstatic", interactive=False, verbosity=0)
    return find_targets(ranking_files)


def grow_commission(commission, files: int) -> None:
    """Add complete files, scored by every member, until the commission examines ``files`` of them."""
    from django.db import transaction

    from cesp.accounts.models import User
    from cesp.applications.models import Application, ApplicationStatus
    from cesp.selection.models import Score
    from cesp.selection.selectors import commission_files

    missing = files - commission_files(commission=commission).count()
    if missing <= 0:
        return
    print(f"== {missing} dossiers complets ajoutés à la commission {commission.pk}", flush=True)
    rng = random.Random(12)
    template = Application.objects.filter(
        campaign=commission.campaign, status=ApplicationStatus.COMPLETE
    ).first()
    members = list(commission.members.all())
    start = User.objects.filter(email__startswith="bench.classement.").count()
    with transaction.atomic():
        users = User.objects.bulk_create(
            User(
                email=f"bench.classement.{start + n:05d}@demo.cesp.fr",
                first_name=rng.choice(["Camille", "Léa", "Hugo", "Karim", "Inès", "Théo"]),
                last_name=rng.choice(["Martin", "Durand", "Nguyen", "Diallo", "Lefebvre", "Roux"]),
                password="!",
            )
            for n in range(missing)
        )
        clones = []
        for user in users:
            clone = Application.objects.get(pk=template.pk)
            clone.pk = clone.id = None
            clone._state.adding = True
            clone.candidate = user
            clones.append(clone)
        applications = Application.objects.bulk_create(clones)
        Score.objects.bulk_create(
            Score(
                member=member,
                application=application,
                project=Decimal(rng.randint(16, 76)) / 4,
                academic=Decimal(rng.randint(16, 76)) / 4,
                financial=Decimal(rng.randint(16, 60)) / 4,
            )
            for application in applications
            for member in members
        )


def find_targets(ranking_files: int | None) -> dict:
    """The accounts and objects of the measured pages; ``ranking_files``: the size the busiest open
    commission is grown to first (None: as it is, for ``bench/page_cpu.py`` on a database built here)."""
    from django.db.models import Count

    from cesp.applications.models import Application, ApplicationStatus
    from cesp.selection.models import Commission, CommissionStatus, MemberKind
    from cesp.web.demo import DEMO_DOMAIN

    # The open commission with the most files; its president ranks, its UFR's agent instructs.
    commission = (
        Commission.objects.exclude(status=CommissionStatus.VALIDATED)
        .annotate(n=Count("campaign__applications"))
        .order_by("-n", "pk")
        .select_related("campaign__faculty")
        .first()
    )
    if ranking_files is None:
        ranking_files = commission.n
    else:
        grow_commission(commission, ranking_files)
    president = commission.members.get(kind=MemberKind.PRESIDENT).user
    faculty = commission.campaign.faculty
    # A candidate with a file past the draft stage, as in the demo's journeys.
    application = (
        Application.objects.filter(
            status__in=[ApplicationStatus.COMPLETE, ApplicationStatus.SUBMITTED],
            candidate__email__startswith="candidat.",
        )
        .order_by("candidate__email", "pk")
        .select_related("candidate")
        .first()
    )
    return {
        "commission": commission.pk,
        "ranking_files": ranking_files,
        "president": president.email,
        "ufr_agent": f"agent.{faculty.code}@{DEMO_DOMAIN}",
        "asp_agent": f"agent.asp@{DEMO_DOMAIN}",
        "candidate": application.candidate.email,
        "application": application.pk,
    }


def targets_for(found: dict) -> list[Target]:
    simulation = urllib.parse.urlencode(SIMULATION)
    return [
        Target("public home `/`", "/"),
        Target("`/simulateur/` (empty form)", "/simulateur/"),
        Target("`/simulateur/` with a result", f"/simulateur/?{simulation}"),
        Target("candidate home", "/", login=found["candidate"]),
        Target("candidate file", f"/candidatures/dossiers/{found['application']}/", login=found["candidate"]),
        Target("UFR work queue", "/candidatures/instruction/", login=found["ufr_agent"]),
        Target(
            f"commission ranking ({found['ranking_files']} files)",
            f"/selection/{found['commission']}/classement/",
            login=found["president"],
        ),
        Target("ASP contracts list", "/contrats/", login=found["asp_agent"]),
        Target(
            "`POST /api/v1/simulate`",
            "/api/v1/simulate",
            method="POST",
            body=json.dumps(API_SCENARIO),
            anchor="post",
        ),
    ]


ANCHOR_DSFR = Target("**anchor: empty DSFR page**", "/", server="anchor")
ANCHOR_BARE = Target("anchor: bare view", "/bare/", server="anchor")
ANCHOR_POST = Target(
    "anchor: bare POST view", "/bare-post/", server="anchor", method="POST", body=json.dumps(API_SCENARIO)
)


# --- servers ----------------------------------------------------------------------------------------


def start_clamd():
    from cesp.core.clamd_local import INSTALL_HINT, LocalClamd, clamd_binary

    if clamd_binary() is None:
        raise SystemExit(f"clamd est absent : {INSTALL_HINT}")
    clamd = LocalClamd(VAR / "clamd")
    clamd.start()
    return clamd


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, name: str, app: str, env: dict, workers: int):
        self.name, self.port = name, free_port()
        self.log_path = VAR / f"pages-{name}.log"
        environment = {
            **os.environ,
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": str(workers),
        }
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [str(GUNICORN), app], cwd=ROOT, env=environment, stdout=self.log, stderr=subprocess.STDOUT
        )
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 120
        while True:
            if self.process.poll() is not None:
                raise SystemExit(f"{name} ne démarre pas :\n{self.log_path.read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit(f"{name} n'écoute pas :\n{self.log_path.read_text()}") from None
                time.sleep(0.3)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def cpu_ticks(self) -> int:
        """CPU time (clock ticks) of the master and its workers so far."""
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pid, ppid = int(stat.parent.name), int(fields[1])
            if self.process.pid in (pid, ppid):
                total += int(fields[11]) + int(fields[12])
        return total

    def wait_idle(self, timeout: float = 180) -> float:
        """Wait until the workers have served what wrk left in the listen queue (a sync worker still
        answers a request whose client has gone); returns the seconds waited."""
        started = time.monotonic()
        quiet = 0
        previous = self.cpu_ticks()
        while quiet < 3 and time.monotonic() - started < timeout:
            time.sleep(0.5)
            current = self.cpu_ticks()
            quiet = quiet + 1 if current - previous <= 2 else 0
            previous = current
        return time.monotonic() - started

    def errors_logged(self) -> list[str]:
        return [
            line
            for line in self.log_path.read_text().splitlines()
            if "Traceback" in line or "[ERROR]" in line
        ]


# --- HTTP as a browser behind the TLS proxy -----------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def request(base: str, path: str, *, cookies: dict, method="GET", data: bytes | None = None, headers=None):
    url = base + path
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    req.add_header("X-Forwarded-Proto", "https")
    if cookies:
        req.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
    try:
        response = urllib.request.build_opener(NoRedirect).open(req, timeout=60)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        body = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            cookies.update({name: morsel.value for name, morsel in jar.items()})
        return response.status, body


def log_in(base: str, email: str) -> dict:
    from cesp.web.demo import DEMO_PASSWORD

    cookies: dict = {}
    status, body = request(base, "/compte/connexion/", cookies=cookies)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    data = urllib.parse.urlencode(
        {"username": email, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token}
    )
    host = base.removeprefix("http://")
    status, body = request(
        base,
        "/compte/connexion/",
        cookies=cookies,
        method="POST",
        data=data.encode(),
        headers={
            "Referer": f"https://{host}/compte/connexion/",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    if status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"connexion impossible pour {email} (HTTP {status})")
    pass_second_factor(base, email, cookies)
    return cookies


def pass_second_factor(base: str, email: str, cookies: dict) -> None:
    """Agents then type their authenticator's code, as the browser journeys do (the demo seeds their
    devices from known secrets: cesp.accounts.second_factor.current_code)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cesp.accounts.second_factor import next_unused_code

    device = TOTPDevice.objects.filter(user__email=email, confirmed=True).first()
    if device is None:  # a candidate: no second factor
        return
    status, body = request(base, "/compte/verification/", cookies=cookies)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    data = urllib.parse.urlencode({"code": next_unused_code(device), "csrfmiddlewaretoken": token})
    host = base.removeprefix("http://")
    status, body = request(
        base,
        "/compte/verification/",
        cookies=cookies,
        method="POST",
        data=data.encode(),
        headers={
            "Referer": f"https://{host}/compte/verification/",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    if status != 302:
        raise SystemExit(f"second facteur refusé pour {email} (HTTP {status})")


# --- wrk --------------------------------------------------------------------------------------------


def milliseconds(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(server, target: Target, cookies: dict, *, connections: int, threads: int, duration: int) -> Measure:
    base = server.base
    headers = {"X-Forwarded-Proto": "https"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    script = None
    if target.method == "POST":
        headers["Content-Type"] = "application/json"
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(f"wrk.method = 'POST'\nwrk.body = {json.dumps(target.body)}\n")
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "5s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", script.name]
    ticks = server.cpu_ticks()
    output = subprocess.run([*command, base + target.path], capture_output=True, text=True, check=True).stdout
    ticks = server.cpu_ticks() - ticks
    if script:
        os.unlink(script.name)
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    total = re.search(r"(\d+) requests in ([\d.]+\w+), ([\d.]+)(\w+) read", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    requests = int(total.group(1))
    size = float(total.group(3)) * {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}[total.group(4)]
    return Measure(
        name=target.name,
        path=target.path,
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=milliseconds(latency["50"]) if "50" in latency else float("nan"),
        p99_ms=milliseconds(latency["99"]) if "99" in latency else float("nan"),
        requests=requests,
        errors=(sum(int(n) for n in sockets.groups()) if sockets else 0)
        + (int(non_2xx.group(1)) if non_2xx else 0)
        + (connections if requests == 0 else 0),
        bytes_per_response=int(size / requests) if requests else 0,
        cpu_ms=ticks * 1000 / os.sysconf("SC_CLK_TCK") / requests if requests else float("nan"),
        anchor=target.anchor,
        raw=output,
    )


# --- report -----------------------------------------------------------------------------------------


def table(measures: list[Measure]) -> str:
    lines = [
        "| page | req/s | p50 | p99 | errors | KB | CPU ms/req | anchor just before | × anchor |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in measures:
        ratio = "" if m.ratio is None else f"**{m.ratio:.2f}**"
        reference = ""
        if m.anchor_requests_per_second is not None:
            reference = f"{m.anchor_requests_per_second:,.0f}" + (
                " (bare POST)" if m.anchor == "post" else ""
            )
        lines.append(
            f"| {m.name} | {m.requests_per_second:,.0f} | {m.p50_ms:,.1f} ms | {m.p99_ms:,.1f} ms | {m.errors} "
            f"| {m.bytes_per_response / 1024:,.1f} | {m.cpu_ms:.2f} | {reference} | {ratio} |"
        )
    return "\n".join(lines)


def write_docs(block: str) -> None:
    text = DOCS.read_text()
    if BEGIN not in text:
        raise SystemExit(f"{DOCS} n'a pas les marqueurs {BEGIN} / {END}")
    head, rest = text.split(BEGIN, 1)
    _old, tail = rest.split(END, 1)
    DOCS.write_text(f"{head}{BEGIN}\n{block}\n{END}{tail}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=15, help="secondes de mesure par page (15)")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--workers", type=int, default=2, help="workers gunicorn, pour la plateforme et les ancres"
    )
    parser.add_argument("--ranking-files", type=int, default=800)
    parser.add_argument(
        "--env", action="append", default=[], metavar="NAME=VALUE", help="réglage du serveur de la plateforme"
    )
    parser.add_argument("--only", nargs="*", help="mots du nom des pages à mesurer")
    parser.add_argument("--label", default="")
    parser.add_argument("--collectstatic", action="store_true", help="recollecter les fichiers statiques")
    parser.add_argument("--write", action="store_true", help="écrire le tableau dans docs/benchmarks.md")
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("DATABASE_URL doit désigner une base PostgreSQL (voir la docstring).")
    if not shutil.which("wrk"):
        raise SystemExit("wrk est absent : sudo apt-get install wrk")
    VAR.mkdir(parents=True, exist_ok=True)
    found = build(args.ranking_files, args.collectstatic)
    from django.db import connections

    connections.close_all()
    overrides = dict(item.split("=", 1) for item in args.env)
    targets = targets_for(found)
    if args.only:
        targets = [t for t in targets if any(word.lower() in t.name.lower() for word in args.only)]

    # Production refuses to start without an antivirus (cesp.E001): a clamd of the benchmark's own, as
    # the demo and the tests start one (its socket and EICAR test signatures under var/bench/clamd/).
    clamd = start_clamd()
    overrides = {"CLAMD_SOCKET": str(clamd.socket_path), **overrides}
    load_before = os.getloadavg()
    platform = Server("platform", "cesp.wsgi", overrides, args.workers)
    anchor = Server("anchor", "bench.anchor_app:application", {}, args.workers)
    measures: list[Measure] = []
    try:
        sessions = {}
        for target in targets:
            if target.login and target.login not in sessions:
                sessions[target.login] = log_in(platform.base, target.login)
        for target in [ANCHOR_DSFR, ANCHOR_BARE, ANCHOR_POST, *targets]:
            base = anchor.base if target.server == "anchor" else platform.base
            cookies = dict(sessions.get(target.login, {}))
            status, body = request(
                base,
                target.path,
                cookies=cookies,
                method=target.method,
                data=target.body.encode() if target.body else None,
                headers={"Content-Type": "application/json"} if target.body else {},
            )
            if status != 200 or b"compte/connexion/?next" in body:
                raise SystemExit(
                    f"{target.name} : HTTP {status} au lieu de 200\n{body[:3000].decode(errors='replace')}"
                )

        def measure(target: Target) -> Measure:
            server = anchor if target.server == "anchor" else platform
            cookies = sessions.get(target.login, {})
            wrk(server, target, cookies, connections=8, threads=1, duration=2)  # warm-up, not counted
            server.wait_idle()
            result = wrk(
                server,
                target,
                cookies,
                connections=args.connections,
                threads=args.threads,
                duration=args.duration,
            )
            drained = server.wait_idle()
            if drained > 5:
                print(f"   (queue drained in {drained:.0f} s after wrk stopped)", flush=True)
            print(
                f"{target.name:<45} {result.requests_per_second:8.0f} req/s  p50 {result.p50_ms:8.1f} ms  "
                f"p99 {result.p99_ms:8.1f} ms  CPU {result.cpu_ms:6.2f} ms/req  errors {result.errors}",
                flush=True,
            )
            return result

        def measure_page(target: Target) -> Measure:
            """The page right after its anchor, so that both meet the same load on the machine."""
            reference = measure(ANCHOR_POST if target.anchor == "post" else ANCHOR_DSFR)
            page = measure(target)
            page.anchor_requests_per_second = reference.requests_per_second
            page.ratio = page.requests_per_second / reference.requests_per_second
            anchor_runs.append(reference)
            return page

        print(
            f"== wrk -t{args.threads} -c{args.connections} -d{args.duration}s, {args.workers} workers gunicorn",
            flush=True,
        )
        anchor_runs: list[Measure] = []
        first = measure(ANCHOR_DSFR)
        bare = measure(ANCHOR_BARE)
        bare_post = measure(ANCHOR_POST)
        pages = [measure_page(target) for target in targets]
    finally:
        platform.stop()
        anchor.stop()
        clamd.stop()
    load_after = os.getloadavg()

    dsfr_runs = [first.requests_per_second] + [
        m.requests_per_second for m in anchor_runs if m.name == ANCHOR_DSFR.name
    ]
    measures = [first, bare, bare_post, *pages]
    errors_logged = platform.errors_logged()

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    when = datetime.now(UTC)
    command = "DATABASE_URL=postgres://…/cesp_bench_pages .venv/bin/python bench/pages.py" + "".join(
        f" --env {item}" for item in args.env
    )
    summary = table(measures)
    print()
    print(summary)
    if errors_logged:
        print("!!! erreurs dans le journal du serveur :", *errors_logged[:10], sep="\n")
    block = (
        f"Run of {when:%Y-%m-%d %H:%M} UTC, commit `{commit}`{' (with uncommitted changes)' if dirty else ''}"
        f"{f', {args.label}' if args.label else ''}: `wrk -t{args.threads} -c{args.connections} -d{args.duration}s`, "
        f"gunicorn {args.workers} sync workers, PostgreSQL 15, demo data with one commission grown to "
        f"{args.ranking_files} files; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after "
        "(the machine is shared with other agents: read the ratio, each page measured right after its anchor). "
        f"The empty DSFR page, measured {len(dsfr_runs)} times in the run, ranged from {min(dsfr_runs):,.0f} to "
        f"{max(dsfr_runs):,.0f} req/s. CPU ms/req is the CPU time of the server's processes (gunicorn "
        "master and workers, not PostgreSQL) during the measurement, per completed request.\n\n"
        f"```sh\n{command}\n```\n\n{summary}"
    )
    out = VAR / f"pages-{when:%Y%m%dT%H%M%SZ}.json"
    out.write_text(
        json.dumps(
            {
                "when": when.isoformat(),
                "commit": commit,
                "dirty": bool(dirty),
                "label": args.label,
                "env": overrides,
                "load_before": load_before,
                "load_after": load_after,
                "found": found,
                "measures": [asdict(m) for m in measures],
                "server_errors": errors_logged,
            },
            indent=2,
        )
    )
    print(f"\nFigures in {out}")
    if args.write:
        write_docs(block)
        print(f"Table written to {DOCS}")
    return 1 if errors_logged or any(m.errors for m in measures) else 0


if __name__ == "__main__":
    sys.exit(main())
