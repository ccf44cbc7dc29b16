"""A ``clamd`` of the platform's own, for the demo and the tests: one directory holds its
configuration, its UNIX socket, its log and its signature database.

Debian's ``clamav-daemon`` installs offline but its signature downloads (``freshclam``) need the
Internet, so the database written here is the EICAR test file only: an ``.hdb`` line (its MD5, size
and a name) and an ``.ndb`` body signature of the same string, to find it inside a PDF. That is enough
for ClamAV to report the test file, so a demo user can see an infected upload refused. Production runs
the packaged daemon with its real, updated signatures (README, « Antivirus »).
"""

import hashlib
import os
import shutil
import subprocess
import time
from pathlib import Path

from cesp.core.antivirus import ClamdClient

# The EICAR test file: harmless, recognised by every antivirus (https://www.eicar.org/download-anti-malware-testfile/).
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SIGNATURE_NAME = "Cesp.Test.EICAR"
INSTALL_HINT = "sudo apt-get install clamav-daemon"


class ClamdStartError(RuntimeError):
    """clamd did not start; the message carries the end of its log."""


def clamd_binary() -> str | None:
    """The clamd to start: ``CLAMD_BINARY`` when set (empty: none), else the system's."""
    chosen = os.environ.get("CLAMD_BINARY")
    if chosen is not None:
        return chosen if chosen and Path(chosen).exists() else None
    return shutil.which("clamd") or next((p for p in ("/usr/sbin/clamd",) if Path(p).exists()), None)


class LocalClamd:
    """``start()`` writes the configuration and the database under ``directory`` and waits for PING."""

    def __init__(self, directory: Path, *, binary: str | None = None):
        self.directory = Path(directory)
        self.binary = binary or clamd_binary()
        self.process: subprocess.Popen | None = None

    @property
    def socket_path(self) -> Path:
        return self.directory / "clamd.sock"

    @property
    def log_path(self) -> Path:
        return self.directory / "clamd.log"

    def write_config(self) -> Path:
        database = self.directory / "db"
        database.mkdir(parents=True, exist_ok=True)
        (database / "cesp-test.hdb").write_text(
            f"{hashlib.md5(EICAR).hexdigest()}:{len(EICAR)}:{SIGNATURE_NAME}\n"  # noqa: S324 - ClamAV's format
        )
        (database / "cesp-test.ndb").write_text(f"{SIGNATURE_NAME}.Body:0:*:{EICAR.hex()}\n")
        config = self.directory / "clamd.conf"
        config.write_text(
            f"DatabaseDirectory {database}\nLocalSocket {self.socket_path}\nForeground yes\n"
            f"LogFile {self.log_path}\nTemporaryDirectory {self.directory}\nBytecode no\n"
            "StreamMaxLength 20M\n"
        )
        return config

    def client(self, timeout: float = 5) -> ClamdClient:
        return ClamdClient(unix_socket=str(self.socket_path), timeout=timeout)

    def start(self, *, timeout: float = 60) -> None:
        if self.binary is None:
            raise ClamdStartError(f"clamd est absent : installez-le avec « {INSTALL_HINT} ».")
        self.directory.mkdir(parents=True, exist_ok=True)
        self.socket_path.unlink(missing_ok=True)
        config = self.write_config()
        self.process = subprocess.Popen(
            [self.binary, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
        )
        client = self.client()
        deadline = time.monotonic() + timeout
        while not client.ping():
            if self.process.poll() is not None or time.monotonic() > deadline:
                log = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
                self.stop()
                raise ClamdStartError(f"clamd n'a pas démarré :\n{log[-2000:]}")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
