"""A real ``clamd`` for the tests, on a signature database the fixture writes itself.

Debian's ``clamav-daemon`` installs offline but its signature downloads need the Internet, so the
database here is one ``.hdb`` line: the MD5, size and a name of the EICAR test file, which is enough for
ClamAV to report it (plus one ``.ndb`` body signature of the same string, to find it inside a PDF).
Under CI (CI=true) clamd must be installed (``scripts/ensure-clamav``) and a missing one fails;
elsewhere the tests that need it are skipped with a message.
"""

import hashlib
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from cesp.core.antivirus import ClamdClient

# The EICAR test file: harmless, recognised by every antivirus (https://www.eicar.org/download-anti-malware-testfile/).
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SIGNATURE_NAME = "Cesp.Test.EICAR"


def clamd_binary() -> str | None:
    return shutil.which("clamd") or next((p for p in ("/usr/sbin/clamd",) if Path(p).exists()), None)


@pytest.fixture(scope="session")
def clamd_socket():
    """Start clamd on a throw-away database; yield the path of its UNIX socket."""
    binary = clamd_binary()
    if binary is None:
        message = "clamd est absent : installez-le avec « sudo apt-get install clamav-daemon »."
        if os.environ.get("CI") == "true":
            pytest.fail(message + " En CI l'antivirus est obligatoire.")
        pytest.skip(message)
    directory = Path(tempfile.mkdtemp(prefix="cesp-clamd-"))
    database = directory / "db"
    database.mkdir()
    (database / "cesp-test.hdb").write_text(
        f"{hashlib.md5(EICAR).hexdigest()}:{len(EICAR)}:{SIGNATURE_NAME}\n"
    )
    # A body signature too (any file type, any offset), so that the test string inside a PDF is found.
    (database / "cesp-test.ndb").write_text(f"{SIGNATURE_NAME}.Body:0:*:{EICAR.hex()}\n")
    socket_path = directory / "clamd.sock"
    config = directory / "clamd.conf"
    config.write_text(
        f"DatabaseDirectory {database}\nLocalSocket {socket_path}\nForeground yes\n"
        f"LogFile {directory / 'clamd.log'}\nTemporaryDirectory {directory}\nBytecode no\n"
        "StreamMaxLength 20M\n"
    )
    process = subprocess.Popen(
        [binary, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    client = ClamdClient(unix_socket=str(socket_path), timeout=5)
    try:
        deadline = time.monotonic() + 60
        while not client.ping():
            if process.poll() is not None or time.monotonic() > deadline:
                log = (
                    (directory / "clamd.log").read_text(errors="replace")
                    if (directory / "clamd.log").exists()
                    else ""
                )
                pytest.fail(f"clamd n'a pas démarré :\n{log[-2000:]}")
            time.sleep(0.1)
        yield str(socket_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def with_clamd(clamd_socket, settings):
    """The settings point at the test clamd."""
    settings.CLAMD_SOCKET = clamd_socket
    settings.CLAMD_HOST = ""
    return clamd_socket
