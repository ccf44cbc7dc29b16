"""A real ``clamd`` for the tests, on a signature database of its own (``cesp.core.clamd_local``,
which the demo uses too): the EICAR test file only, since Debian's signature downloads need the
Internet. Under CI (CI=true) clamd must be installed (``scripts/ensure-clamav``) and a missing one
fails; elsewhere the tests that need it are skipped with a message.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from cesp.core.clamd_local import (
    EICAR,
    INSTALL_HINT,
    SIGNATURE_NAME,
    ClamdStartError,
    LocalClamd,
    clamd_binary,
)

__all__ = ["EICAR", "SIGNATURE_NAME", "clamd_binary", "clamd_socket", "with_clamd"]


@pytest.fixture(scope="session")
def clamd_socket():
    """Start clamd on a throw-away database; yield the path of its UNIX socket."""
    if clamd_binary() is None:
        message = f"clamd est absent : installez-le avec « {INSTALL_HINT} »."
        if os.environ.get("CI") == "true":
            pytest.fail(message + " En CI l'antivirus est obligatoire.")
        pytest.skip(message)
    directory = Path(tempfile.mkdtemp(prefix="cesp-clamd-"))
    clamd = LocalClamd(directory)
    try:
        try:
            clamd.start()
        except ClamdStartError as error:
            pytest.fail(str(error))
        yield str(clamd.socket_path)
    finally:
        clamd.stop()
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def with_clamd(clamd_socket, settings):
    """The settings point at the test clamd."""
    settings.CLAMD_SOCKET = clamd_socket
    settings.CLAMD_HOST = ""
    return clamd_socket
