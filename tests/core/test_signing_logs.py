"""What the seal and its verification swallow, they log with context: no silent failure."""

import logging

import pytest
from django.core.exceptions import ImproperlyConfigured
from pyhanko.pdf_utils.misc import PdfReadError

from cesp.core import signing
from cesp.core.signing import SealingError, seal_pdf, verify_sealed_pdf


def test_a_pdf_that_cannot_be_sealed_is_logged_with_its_size(signing_pki, caplog):
    with (
        caplog.at_level(logging.WARNING, logger="cesp.core.signing"),
        pytest.raises(SealingError, match="PDF lisible"),
    ):
        seal_pdf(b"not a pdf", reason="Contrat CESP-2026-000001", location="Paris")
    (record,) = caplog.records
    assert "9 bytes" in record.getMessage() and "CESP-2026-000001" in record.getMessage()
    assert record.exc_info is not None


def test_an_unreachable_timestamp_authority_is_logged_with_its_address(settings, signing_pki, caplog):
    settings.SIGNING_TSA_URL = "http://127.0.0.1:9/tsa"  # discard port: nobody answers
    pdf = signing_pdf()
    with (
        caplog.at_level(logging.WARNING, logger="cesp.core.signing"),
        pytest.raises(SealingError, match="horodatage"),
    ):
        seal_pdf(pdf, reason="r", location="Paris")
    assert any("http://127.0.0.1:9/tsa" in r.getMessage() for r in caplog.records)


def test_unreadable_bytes_are_logged_with_their_digest(signing_pki, caplog):
    with caplog.at_level(logging.INFO, logger="cesp.core.signing"):
        result = verify_sealed_pdf(b"hello world")
    assert not result.valid
    assert any(result.document_sha256 in r.getMessage() for r in caplog.records)


class Broken:
    """Stands for a pyHanko object whose parsing fails when read."""

    def __init__(self, error):
        self.error = error
        self.field_name = "Signature-CESP"

    @property
    def sig_object(self):
        raise self.error

    @property
    def subject(self):
        raise self.error


def test_an_unreadable_reason_or_subject_is_none_and_logged(caplog):
    with caplog.at_level(logging.INFO, logger="cesp.core.signing"):
        assert signing._reason(Broken(PdfReadError("dangling reference"))) is None
        assert signing._common_name(Broken(ValueError("bad DER"))) == ""
    messages = [r.getMessage() for r in caplog.records]
    assert "verify_sealed_pdf: unreadable /Reason of Signature-CESP" in messages
    assert "verify_sealed_pdf: unreadable certificate subject" in messages


def test_an_unexpected_error_is_not_swallowed():
    """The handlers name the parsing errors they expect; a bug elsewhere still shows."""
    with pytest.raises(ZeroDivisionError):
        signing._reason(Broken(ZeroDivisionError()))


def test_a_certificate_file_that_is_not_one_is_a_configuration_error(tmp_path, settings):
    path = tmp_path / "ca.pem"
    path.write_bytes(b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    settings.SIGNING_CA_CERT_FILE = path
    with pytest.raises(ImproperlyConfigured, match="n'est pas un certificat PEM ou DER valide"):
        signing._ca_certificates()


def signing_pdf() -> bytes:
    from cesp.core.pdf import html_to_pdf

    return html_to_pdf("<p>Contrat</p>")
