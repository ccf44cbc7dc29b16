"""Antivirus scans through ClamAV's ``clamd`` daemon (INSTREAM protocol), over a UNIX or TCP socket.

A small client rather than a library: the ``clamd`` PyPI package (last release 2014) imports
``pkg_resources``, which recent setuptools no longer ship, and ``pyclamd`` stopped in 2017.
The protocol is four commands long
(https://docs.clamav.net/manual/Usage/Scanning.html#clamd): ``zINSTREAM\\0``, then the data in chunks
each prefixed by its length as a 4-byte big-endian integer, then a zero-length chunk; clamd answers
``stream: OK`` or ``stream: <signature> FOUND`` or ``<message> ERROR``.

Configuration (settings, from the environment): ``CLAMD_SOCKET`` (path of clamd's LocalSocket) or
``CLAMD_HOST`` + ``CLAMD_PORT`` (its TCPSocket); ``CLAMD_TIMEOUT`` in seconds. ``scan()`` never raises:
it says whether the content is clean, infected, or could not be scanned (not configured, unreachable,
or an error of the daemon), and callers decide — a document that could not be scanned stays pending.
"""

import socket
import struct
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings

CHUNK_SIZE = 64 * 1024


class Verdict(StrEnum):
    CLEAN = "clean"
    INFECTED = "infected"
    UNAVAILABLE = "unavailable"  # configured, but the scan could not run (daemon down, error, timeout)
    NOT_CONFIGURED = "not_configured"


@dataclass(frozen=True)
class ScanResult:
    verdict: Verdict
    signature: str = ""
    detail: str = ""

    @property
    def is_clean(self) -> bool:
        return self.verdict == Verdict.CLEAN

    @property
    def is_infected(self) -> bool:
        return self.verdict == Verdict.INFECTED


class ClamdError(Exception):
    """clamd could not be reached, or answered with an error."""


class ClamdClient:
    """One connection per command, as clamd expects for the ``z``-prefixed (NUL-terminated) commands."""

    def __init__(self, *, unix_socket: str = "", host: str = "", port: int = 3310, timeout: float = 30.0):
        if not unix_socket and not host:
            raise ValueError("clamd : indiquez un socket UNIX ou un hôte TCP.")
        self.unix_socket = unix_socket
        self.host = host
        self.port = port
        self.timeout = timeout

    def __repr__(self):
        where = self.unix_socket or f"{self.host}:{self.port}"
        return f"ClamdClient({where})"

    def _connect(self) -> socket.socket:
        try:
            if self.unix_socket:
                sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                sock.settimeout(self.timeout)
                sock.connect(self.unix_socket)
            else:
                sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        except OSError as error:
            raise ClamdError(f"clamd injoignable ({error})") from error
        return sock

    @staticmethod
    def _read_reply(sock: socket.socket) -> str:
        data = b""
        while not data.endswith(b"\0"):
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
        return data.rstrip(b"\0").decode("utf-8", "replace").strip()

    def _command(self, command: bytes, payload=None) -> str:
        sock = self._connect()
        try:
            sock.sendall(b"z" + command + b"\0")
            if payload is not None:
                for start in range(0, len(payload), CHUNK_SIZE):
                    chunk = payload[start : start + CHUNK_SIZE]
                    sock.sendall(struct.pack("!L", len(chunk)) + chunk)
                sock.sendall(struct.pack("!L", 0))
            return self._read_reply(sock)
        except OSError as error:
            raise ClamdError(f"échange avec clamd interrompu ({error})") from error
        finally:
            sock.close()

    def ping(self) -> bool:
        try:
            return self._command(b"PING") == "PONG"
        except ClamdError:
            return False

    def version(self) -> str:
        return self._command(b"VERSION")

    def instream(self, data: bytes) -> ScanResult:
        """Scan ``data``; raises ClamdError when clamd cannot be reached or reports an error."""
        reply = self._command(b"INSTREAM", bytes(data))
        # "stream: OK", "stream: Eicar-Signature FOUND", "INSTREAM size limit exceeded. ERROR"
        _, _, status = reply.partition(": ")
        if reply.endswith(" FOUND"):
            return ScanResult(Verdict.INFECTED, signature=status[: -len(" FOUND")], detail=reply)
        if status == "OK":
            return ScanResult(Verdict.CLEAN, detail=reply)
        raise ClamdError(f"clamd a répondu par une erreur : {reply or 'réponse vide'}")


def client_from_settings() -> ClamdClient | None:
    """The configured client, or None when no scanner is configured."""
    unix_socket = getattr(settings, "CLAMD_SOCKET", "")
    host = getattr(settings, "CLAMD_HOST", "")
    if not unix_socket and not host:
        return None
    return ClamdClient(
        unix_socket=unix_socket,
        host=host,
        port=int(getattr(settings, "CLAMD_PORT", 3310)),
        timeout=float(getattr(settings, "CLAMD_TIMEOUT", 30)),
    )


def scan(data: bytes, *, client: ClamdClient | None = None) -> ScanResult:
    """Scan ``data`` with the configured clamd. Never raises: an impossible scan is a verdict."""
    client = client or client_from_settings()
    if client is None:
        return ScanResult(Verdict.NOT_CONFIGURED, detail="Analyse antivirus non configurée.")
    try:
        return client.instream(data)
    except ClamdError as error:
        return ScanResult(Verdict.UNAVAILABLE, detail=str(error)[:200])
