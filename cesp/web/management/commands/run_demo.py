"""Serve the demo with what the platform needs beside the web server (``make demo``).

- **clamd**, when it is installed and no scanner is configured: a daemon of the demo's own
  (``cesp.core.clamd_local``: its socket, log and EICAR test signatures under ``var/clamd/``); the
  other processes get ``CLAMD_SOCKET``. An upload is then scanned at once, and the EICAR test file is
  refused as a virus.
- **without clamd**, it says so and runs with ``DEMO_WITHOUT_ANTIVIRUS=true``: documents are accepted
  and marked « non analysé (démonstration sans antivirus) », so that a file can go the whole way.
- the **task worker** (``manage.py db_worker``), and every few minutes what cron runs in production
  (``applications_tasks``: rescans, reminders; ``contracts_tasks``: lapses, reminders, new offers);
- the **web server** (``manage.py runserver``).

Ctrl+C (or SIGTERM) stops them all; when one of them stops, the others are stopped with it.
"""

import contextlib
import io
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections

from cesp.core.clamd_local import INSTALL_HINT, ClamdStartError, LocalClamd, clamd_binary

logger = logging.getLogger(__name__)

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")
PERIODIC_COMMANDS = ("applications_tasks", "contracts_tasks")
#: Seconds a child has to stop on SIGTERM before it is killed (the worker finishes its task meanwhile).
STOP_GRACE_SECONDS = 10


class Stop(Exception):
    """SIGTERM: stop like Ctrl+C."""


class Command(BaseCommand):
    help = (
        "Sert la démonstration : serveur web, exécuteur de tâches (db_worker), tâches périodiques et "
        "antivirus (clamd) quand il est installé ; Ctrl+C arrête tout."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "addrport", nargs="?", default="127.0.0.1:8000", help="adresse:port du serveur web"
        )
        parser.add_argument(
            "--periodic-every",
            type=float,
            default=300,
            help="secondes entre deux passages des tâches périodiques (ce que cron lance en production)",
        )
        parser.add_argument("--noreload", action="store_true", help="sans rechargement automatique du code")

    def say(self, message: str, style=None) -> None:
        self.stdout.write(style(message) if style else message)
        self.stdout.flush()

    def handle(self, *args, addrport, periodic_every, noreload, **options):
        env = os.environ.copy()
        children: list[tuple[str, subprocess.Popen]] = []
        clamd = None
        previous = signal.signal(signal.SIGTERM, _raise_stop)
        try:
            clamd = self._antivirus(env)
            children.append(
                ("db_worker", self._spawn("db_worker", *(["--no-reload"] if noreload else []), env=env))
            )
            self.say(f"Tâches : exécuteur db_worker démarré (pid {children[-1][1].pid}).")
            children.append(
                (
                    "runserver",
                    self._spawn("runserver", addrport, *(["--noreload"] if noreload else []), env=env),
                )
            )
            self.say(
                f"Serveur web : http://{addrport}/ (pid {children[-1][1].pid}). Ctrl+C pour tout arrêter."
            )
            self._watch(children, clamd, periodic_every)
        except (KeyboardInterrupt, Stop):
            self.say("Arrêt de la démonstration…")
        finally:
            # Every child is asked to stop at once, then awaited: a slow one (a worker finishing its
            # task) does not delay the others' stop, and the whole stop takes one grace period.
            for _name, process in children:
                _terminate(process)
            for name, process in reversed(children):
                _await(process)
                self.say(f"  {name} arrêté.")
            if clamd is not None:
                clamd.stop()
                self.say("  clamd arrêté.")
            signal.signal(signal.SIGTERM, previous)

    def _antivirus(self, env: dict) -> LocalClamd | None:
        if settings.CLAMD_SOCKET or settings.CLAMD_HOST:
            where = settings.CLAMD_SOCKET or f"{settings.CLAMD_HOST}:{settings.CLAMD_PORT}"
            self.say(f"Antivirus : clamd configuré ({where}).")
            return None
        if clamd_binary() is not None:
            clamd = LocalClamd(Path(settings.VAR_DIR) / "clamd")
            try:
                clamd.start()
            except ClamdStartError as error:
                self.say(f"Antivirus : {error}", self.style.WARNING)
            else:
                env["CLAMD_SOCKET"] = str(clamd.socket_path)
                env.pop("DEMO_WITHOUT_ANTIVIRUS", None)
                self.say(
                    f"Antivirus : clamd démarré (pid {clamd.process.pid}, socket {clamd.socket_path}), "
                    "avec les signatures de test EICAR."
                )
                return clamd
        env["DEMO_WITHOUT_ANTIVIRUS"] = "true"
        self.say(
            "Antivirus : clamd est absent. La démonstration accepte les pièces sans analyse "
            "(DEMO_WITHOUT_ANTIVIRUS=true) et les marque « non analysé (démonstration sans antivirus) ».\n"
            f"  Pour analyser les pièces : {INSTALL_HINT}, puis relancez make demo.",
            self.style.WARNING,
        )
        return None

    def _spawn(self, command: str, *args: str, env: dict) -> subprocess.Popen:
        # A session of its own: Ctrl+C reaches this supervisor only, which stops each child's whole group
        # (runserver's and db_worker's reloaders run their code in a child process).
        return subprocess.Popen([sys.executable, MANAGE, command, *args], env=env, start_new_session=True)

    def _watch(self, children, clamd, periodic_every: float) -> None:
        next_periodic = time.monotonic()
        while True:
            for name, process in children:
                if process.poll() is not None:
                    self.say(f"{name} s'est arrêté (code {process.returncode}) : arrêt de la démonstration.")
                    return
            if clamd is not None and clamd.process is not None and clamd.process.poll() is not None:
                self.say("clamd s'est arrêté : arrêt de la démonstration.", self.style.WARNING)
                return
            if time.monotonic() >= next_periodic:
                self._enqueue_periodic()
                next_periodic = time.monotonic() + periodic_every
            time.sleep(0.5)

    def _enqueue_periodic(self) -> None:
        """What cron runs in production: the same commands, here in-process (they only enqueue)."""
        for command in PERIODIC_COMMANDS:
            try:
                call_command(command, stdout=io.StringIO())
            except Exception as error:  # a demo keeps serving: the error is shown, and logged
                logger.exception("Démo : la commande périodique %s a échoué", command)
                self.say(f"{command} a échoué : {error}", self.style.WARNING)
        connections.close_all()  # hold no SQLite connection between two passes


def _raise_stop(signum, frame):
    raise Stop


def _terminate(process: subprocess.Popen) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)


def _await(process: subprocess.Popen) -> None:
    try:
        process.wait(timeout=STOP_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
