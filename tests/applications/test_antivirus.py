"""The clamd client against a real clamd (started by the fixture) and against fake servers."""

import socket
import struct
import threading

import pytest

from cesp.core.antivirus import ClamdClient, ClamdError, Verdict, client_from_settings, scan
from tests.applications.clamav import EICAR, SIGNATURE_NAME
from tests.applications.helpers import tiny_pdf


def test_real_clamd_answers_ping_and_finds_eicar(clamd_socket):
    client = ClamdClient(unix_socket=clamd_socket)
    assert client.ping()
    assert client.version().startswith("ClamAV")
    result = scan(EICAR, client=client)
    assert result.verdict == Verdict.INFECTED
    assert result.signature.startswith(SIGNATURE_NAME)


def test_real_clamd_passes_a_clean_pdf_even_in_several_chunks(clamd_socket):
    client = ClamdClient(unix_socket=clamd_socket)
    assert scan(tiny_pdf(), client=client).is_clean
    big = tiny_pdf() + b"\0" * (200 * 1024)  # more than three INSTREAM chunks
    assert scan(big, client=client).is_clean


def test_scanner_not_configured(settings):
    settings.CLAMD_SOCKET = ""
    settings.CLAMD_HOST = ""
    assert client_from_settings() is None
    result = scan(b"anything")
    assert result.verdict == Verdict.NOT_CONFIGURED
    assert "non configurée" in result.detail


def test_scanner_configured_but_unreachable(settings, tmp_path):
    settings.CLAMD_SOCKET = str(tmp_path / "absent.sock")
    result = scan(b"anything")
    assert result.verdict == Verdict.UNAVAILABLE
    assert "injoignable" in result.detail
    assert not ClamdClient(unix_socket=str(tmp_path / "absent.sock")).ping()


def test_tcp_settings_build_a_tcp_client(settings):
    settings.CLAMD_SOCKET = ""
    settings.CLAMD_HOST = "127.0.0.1"
    settings.CLAMD_PORT = 1  # nothing listens there
    client = client_from_settings()
    assert (client.host, client.port) == ("127.0.0.1", 1)
    assert scan(b"x").verdict == Verdict.UNAVAILABLE


def fake_clamd(reply: bytes):
    """A TCP server that reads one INSTREAM command and answers ``reply``; returns (port, received)."""
    server = socket.create_server(("127.0.0.1", 0))
    received = []

    def serve():
        conn, _ = server.accept()
        with conn:
            data = b""
            while not data.endswith(struct.pack("!L", 0)) or len(data) < 14:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                data += chunk
            received.append(data)
            conn.sendall(reply)
        server.close()

    threading.Thread(target=serve, daemon=True).start()
    return server.getsockname()[1], received


def test_protocol_over_tcp_and_error_replies():
    port, received = fake_clamd(b"stream: OK\0")
    assert ClamdClient(host="127.0.0.1", port=port).instream(b"abc").is_clean
    assert received[0] == b"zINSTREAM\0" + struct.pack("!L", 3) + b"abc" + struct.pack("!L", 0)

    port, _ = fake_clamd(b"INSTREAM size limit exceeded. ERROR\0")
    with pytest.raises(ClamdError, match="size limit"):
        ClamdClient(host="127.0.0.1", port=port).instream(b"abc")
    port, _ = fake_clamd(b"INSTREAM size limit exceeded. ERROR\0")
    assert scan(b"abc", client=ClamdClient(host="127.0.0.1", port=port)).verdict == Verdict.UNAVAILABLE


def test_a_client_needs_an_address():
    with pytest.raises(ValueError):
        ClamdClient()
