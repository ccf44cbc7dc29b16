"""`make demo` runs what the platform needs beside the web server and stops it with it (issue 11,
item 1): ``manage.py run_demo`` starts clamd (its own socket and EICAR signatures) when installed, the
task worker and the web server; without clamd it says so and runs under DEMO_WITHOUT_ANTIVIRUS. These
tests start the real command on a throw-away SQLite database and stop it as a user does (Ctrl+C)."""

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from cesp.core.antivirus import ClamdClient
from cesp.core.clamd_local import clamd_binary

ROOT = Path(__file__).resolve().parents[2]
# The test settings put their own defaults in os.environ: the demo starts from a developer's machine.
DROPPED = {
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "EMAIL_BACKEND",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "CLAMD_SOCKET",
    "CLAMD_HOST",
    "DEMO_WITHOUT_ANTIVIRUS",
    "CLAMD_BINARY",
}


@pytest.fixture(scope="module")
def demo_env(tmp_path_factory):
    var = tmp_path_factory.mktemp("demo-var")
    env = {k: v for k, v in os.environ.items() if k not in DROPPED}
    env.update(DEBUG="true", CESP_VAR_DIR=str(var), DATABASE_URL=f"sqlite:///{var / 'demo.sqlite3'}")
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert migrate.returncode == 0, migrate.stderr
    return env, var


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Demo:
    def __init__(self, env: dict):
        self.port = free_port()
        self.output = ""
        self.process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "run_demo",
                f"127.0.0.1:{self.port}",
                "--noreload",
                "--periodic-every",
                "1",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._collect, daemon=True)
        self.reader.start()

    def _collect(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    def read(self) -> str:
        self.output = "".join(self.lines)
        return self.output

    def wait_for(self, check, what: str, timeout: float = 180):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.read()
            result = check()
            if result:
                return result
            assert self.process.poll() is None, f"run_demo s'est arrêté :\n{self.read()}"
            time.sleep(0.5)
        raise AssertionError(f"{what} : délai dépassé.\n{self.read()}")

    def pid(self, label: str) -> int:
        match = re.search(label + r"[^\n]*\(pid (\d+)", self.read())
        return int(match.group(1)) if match else 0

    def serves_home(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=5) as response:
                return response.status == 200
        except OSError:
            return False

    def interrupt(self) -> int:
        self.process.send_signal(signal.SIGINT)
        try:
            code = self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"run_demo ne s'est pas arrêté 60 s après Ctrl+C :\n{self.read()}") from None
        self.reader.join(timeout=10)
        self.read()
        return code


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split()[2] == "Z")


def finished_tasks(var: Path) -> set[str]:
    with sqlite3.connect(var / "demo.sqlite3") as db:
        rows = db.execute(
            "select task_path from django_tasks_database_dbtaskresult where status = 'SUCCESSFUL'"
        )
        return {row[0] for row in rows}


@pytest.mark.skipif(clamd_binary() is None, reason="clamd est absent (sudo apt-get install clamav-daemon)")
def test_the_demo_starts_clamd_and_the_worker_and_stops_them_with_the_server(demo_env):
    env, var = demo_env
    demo = Demo(env)
    try:
        demo.wait_for(demo.serves_home, "la page d'accueil")
        clamd, worker, server = (
            demo.pid("Antivirus : clamd démarré"),
            demo.pid("db_worker"),
            demo.pid("Serveur web"),
        )
        assert clamd and worker and server, demo.output
        assert all(alive(pid) for pid in (clamd, worker, server))
        socket_path = var / "clamd" / "clamd.sock"
        assert ClamdClient(unix_socket=str(socket_path), timeout=5).ping()
        # The worker runs what the periodic pass enqueued (rescans, reminders, offers).
        demo.wait_for(
            lambda: "cesp.applications.tasks.rescan_pending_documents" in finished_tasks(var),
            "les tâches en file",
        )
    finally:
        code = demo.interrupt()
    assert code == 0, demo.output
    assert "Arrêt de la démonstration" in demo.output
    for pid in (clamd, worker, server):
        assert not alive(pid), (pid, demo.output)
    assert not ClamdClient(unix_socket=str(socket_path), timeout=2).ping()


def test_without_clamd_the_demo_says_so_and_accepts_documents_unscanned(demo_env):
    env, _var = demo_env
    demo = Demo({**env, "CLAMD_BINARY": ""})
    try:
        demo.wait_for(lambda: demo.pid("Serveur web"), "le lancement du serveur web")
        assert "clamd est absent" in demo.output and "DEMO_WITHOUT_ANTIVIRUS=true" in demo.output
        assert "non analysé (démonstration sans antivirus)" in demo.output
        assert "sudo apt-get install clamav-daemon" in demo.output
        server = demo.pid("Serveur web")
        environ = Path(f"/proc/{server}/environ")
        if environ.exists():
            assert b"DEMO_WITHOUT_ANTIVIRUS=true" in environ.read_bytes().split(b"\0")
    finally:
        code = demo.interrupt()
    assert code == 0, demo.output
    assert not alive(server)


def test_a_failing_periodic_command_is_shown_and_logged_and_the_demo_goes_on(monkeypatch, caplog):
    import io

    from cesp.web.management.commands import run_demo

    def failing(command, **kwargs):
        raise RuntimeError(f"{command} en panne")

    monkeypatch.setattr(run_demo, "call_command", failing)
    out = io.StringIO()
    with caplog.at_level("ERROR", logger=run_demo.__name__):
        run_demo.Command(stdout=out)._enqueue_periodic()
    assert "applications_tasks a échoué : applications_tasks en panne" in out.getvalue()
    assert [r.exc_info[0] for r in caplog.records] == [RuntimeError, RuntimeError]
    assert "contracts_tasks" in caplog.records[1].getMessage()
