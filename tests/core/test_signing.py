"""The platform's seal: PAdES signatures checked by our verifier and, independently, by pyHanko and pypdf."""

import asyncio
import datetime as dt
import hashlib
import os
import stat
from io import BytesIO, StringIO

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import ExtendedKeyUsageOID
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.timestamps import DummyTimeStamper
from pyhanko.sign.validation import SignatureCoverageLevel, read_certification_data, validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pypdf import PdfReader

from cesp.core import signing
from cesp.core.pdf import html_to_pdf, render_pdf
from cesp.core.pki import PkiFiles, issue_seal_certificate, key_to_pem
from cesp.core.signing import SealingError, VerificationCode, seal_pdf, verify_sealed_pdf
from tests.signing_fixtures import *  # noqa: F403 (the fixtures signing_pki and signing_pki_files)
from tests.signing_fixtures import make_pki, point_settings_at

CONTRACT_TEMPLATE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Contrat CESP n° {{ number }}</title>
<link rel="stylesheet" href="{% load static %}{% static 'cesp/cesp.css' %}">
<link rel="stylesheet" href="file:///etc/passwd"><img src="http://example.com/pixel.png" alt="">
</head><body>
<h1>Contrat d'engagement de service public</h1>
<p>Bénéficiaire : {{ beneficiary }}</p>
<p>Allocation mensuelle brute : {{ allowance }} €, à compter du 1er octobre 2026.</p>
</body></html>
"""


@pytest.fixture(scope="module")
def contract_pdf() -> bytes:
    from django.test import override_settings

    templates = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [
                    ("django.template.loaders.locmem.Loader", {"test/contract.html": CONTRACT_TEMPLATE})
                ]
            },
        }
    ]
    with override_settings(TEMPLATES=templates):
        return render_pdf(
            "test/contract.html",
            {"number": "2026-0042", "beneficiary": "Jeanne Dupont", "allowance": "1 200,00"},
        )


@pytest.fixture
def sealed(signing_pki, contract_pdf) -> bytes:
    return seal_pdf(contract_pdf, reason="Signature du contrat CESP n° 2026-0042", location="Paris")


def pyhanko_status(pdf: bytes, ca_file, index: int = 0):
    """pyHanko's own verdict, with the CA as the only trust root."""
    embedded = PdfFileReader(BytesIO(pdf)).embedded_signatures[index]
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(ca_file))], allow_fetching=False)
    return embedded, validate_pdf_signature(embedded, context)


# --- rendering -------------------------------------------------------------------------------------


def test_render_pdf_is_a4_with_marianne_and_refuses_foreign_urls(contract_pdf):
    reader = PdfReader(BytesIO(contract_pdf))
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    fonts = {str(font.get_object()["/BaseFont"]) for font in page["/Resources"]["/Font"].values()}
    assert any(name.endswith("+Marianne") or name.endswith("+Marianne-Bold") for name in fonts), fonts
    text = page.extract_text()
    assert "Jeanne Dupont" in text and "1 200,00 €" in text and "Page 1 / 1" in text
    assert reader.metadata.title == "Contrat CESP n° 2026-0042"
    assert b"root:" not in contract_pdf  # file:///etc/passwd was refused, not embedded


def test_html_to_pdf_accepts_a_pdf_a_variant():
    pdf = html_to_pdf("<p>Archivé</p>", pdf_variant="pdf/a-3b")
    reader = PdfReader(BytesIO(pdf))
    assert "/OutputIntents" in reader.trailer["/Root"]  # the sRGB profile PDF/A requires
    assert "Archivé" in reader.pages[0].extract_text()


# --- a sealed document -------------------------------------------------------------------------------


def test_sealed_pdf_is_valid_intact_and_trusted(sealed, contract_pdf):
    result = verify_sealed_pdf(sealed)
    assert (result.valid, result.intact, result.trusted, result.code) == (
        True,
        True,
        True,
        VerificationCode.VALID,
    )
    assert result.signer == "Plateforme CESP — cachet"
    assert result.reason == "Signature du contrat CESP n° 2026-0042"
    assert result.document_sha256 == hashlib.sha256(sealed).hexdigest()
    assert abs(result.signed_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=2)
    assert result.message_fr.startswith("Document authentique et intact, scellé par la plateforme CESP le ")
    assert not result.timestamped and result.later_signers == ()
    assert sealed.startswith(contract_pdf)  # an incremental update: the rendered bytes are kept


def test_pyhanko_validation_confirms_the_seal(sealed, signing_pki):
    embedded, status = pyhanko_status(sealed, signing_pki.ca_cert)
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.signing_cert.subject.native["common_name"] == "Plateforme CESP — cachet"
    assert status.signing_cert.issuer.native["common_name"] == "CESP Démo — Autorité racine"
    assert embedded.field_name == "Signature-CESP"
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    assert embedded.sig_object["/Name"] == "Plateforme CESP"
    assert embedded.sig_object["/Location"] == "Paris"
    embedded_subjects = {
        choice.chosen.subject.native["common_name"] for choice in embedded.signed_data["certificates"]
    }
    assert embedded_subjects >= {"Plateforme CESP — cachet", "CESP Démo — Autorité racine"}  # cert and chain
    certification = read_certification_data(PdfFileReader(BytesIO(sealed)))
    assert certification.permission == fields.MDPPerm.FILL_FORMS


def test_pypdf_reads_the_sealed_text(sealed):
    reader = PdfReader(BytesIO(sealed))
    text = reader.pages[0].extract_text()
    assert "Contrat d'engagement de service public" in text and "Jeanne Dupont" in text
    assert "Signature-CESP" in reader.get_fields()


def test_seal_works_from_a_running_event_loop(signing_pki, contract_pdf):
    async def in_a_loop():
        return seal_pdf(contract_pdf, reason="r", location="Paris")

    assert verify_sealed_pdf(asyncio.run(in_a_loop())).valid


def test_sealing_again_adds_a_second_field(sealed):
    twice = seal_pdf(sealed, reason="Réédition", location="Paris", signer_name="Plateforme CESP (réédition)")
    fields_ = PdfFileReader(BytesIO(twice)).embedded_signatures
    assert [sig.field_name for sig in fields_] == ["Signature-CESP", "Signature-CESP-2"]
    result = verify_sealed_pdf(twice)
    assert result.valid and result.later_signers == ("Plateforme CESP — cachet",)


# --- tampering ---------------------------------------------------------------------------------------


def _signed_range_end(pdf: bytes) -> int:
    """Offset of the signature's /Contents: everything before it is covered by the signature."""
    return pdf.rindex(b"/Contents <")


def test_a_byte_changed_inside_the_signed_range_is_reported(sealed):
    font_stream = sealed.index(b"stream", sealed.index(b"/Subtype /OpenType")) + 200
    tampered = bytearray(sealed)
    tampered[font_stream] ^= 0x01
    result = verify_sealed_pdf(bytes(tampered))
    assert (result.valid, result.intact, result.code) == (False, False, VerificationCode.MODIFIED)
    assert result.message_fr.startswith("Le document a été modifié après sa signature")


def test_an_incremental_update_changing_the_page_is_reported(sealed, signing_pki):
    writer = IncrementalPdfFileWriter(BytesIO(sealed))
    overlay = generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 700 Td (Allocation : 9 999 euros) Tj ET")
    writer.add_stream_to_page(0, writer.add_object(overlay))
    out = BytesIO()
    writer.write(out)
    changed = out.getvalue()

    result = verify_sealed_pdf(changed)
    assert (result.valid, result.intact, result.trusted) == (False, False, True)
    assert result.message_fr == "Le document a été modifié après sa signature."
    # pyHanko agrees: the signed bytes are intact, but what was added after them is not allowed.
    _embedded, status = pyhanko_status(changed, signing_pki.ca_cert)
    assert status.intact and status.modification_level == ModificationLevel.OTHER and not status.bottom_line


def test_an_annotation_added_with_pypdf_is_reported(sealed):
    from pypdf import PdfWriter
    from pypdf.annotations import FreeText

    writer = PdfWriter(BytesIO(sealed), incremental=True)
    writer.add_annotation(0, FreeText(text="Allocation : 9 999 €", rect=(50, 550, 400, 600)))
    out = BytesIO()
    writer.write(out)
    assert out.getvalue().startswith(sealed)
    result = verify_sealed_pdf(out.getvalue())
    assert not result.valid and not result.intact and result.code == VerificationCode.MODIFIED


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(position=st.floats(min_value=0, max_value=1, exclude_max=True), bit=st.integers(0, 7))
def test_any_bit_flipped_in_the_signed_bytes_is_never_valid(sealed, position, bit):
    tampered = bytearray(sealed)
    tampered[int(position * _signed_range_end(sealed))] ^= 1 << bit
    result = verify_sealed_pdf(bytes(tampered))
    assert not result.valid and result.code in {VerificationCode.MODIFIED, VerificationCode.UNREADABLE}


# --- signatures that are not the platform's ----------------------------------------------------------


def test_a_pdf_sealed_under_another_ca_is_not_from_the_platform(
    tmp_path, settings, contract_pdf, signing_pki
):
    # Same names, another CA: only the trust root tells them apart.
    other = make_pki(tmp_path / "other")
    point_settings_at(settings, other)
    forged = seal_pdf(contract_pdf, reason="Signature du contrat", location="Paris")
    point_settings_at(settings, signing_pki)

    result = verify_sealed_pdf(forged)
    assert (result.valid, result.trusted, result.intact) == (False, False, True)
    assert result.code == VerificationCode.NOT_FROM_PLATFORM
    assert result.message_fr.startswith("La signature ne provient pas de la plateforme CESP")
    assert verify_sealed_pdf(forged).signer == "Plateforme CESP — cachet"


def test_another_certificate_of_the_same_ca_is_not_the_platform(
    tmp_path, settings, contract_pdf, signing_pki
):
    ca_key = serialization.load_pem_private_key(signing_pki.ca_key.read_bytes(), None)
    ca_cert = x509.load_pem_x509_certificate(signing_pki.ca_cert.read_bytes())
    key, cert = issue_seal_certificate(ca_key, ca_cert, common_name="Université de Lille — cachet")
    (tmp_path / "lille.key.pem").write_bytes(key_to_pem(key))
    (tmp_path / "lille.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    signer = signers.SimpleSigner.load(str(tmp_path / "lille.key.pem"), str(tmp_path / "lille.pem"))
    out = signers.sign_pdf(
        IncrementalPdfFileWriter(BytesIO(contract_pdf)),
        signers.PdfSignatureMetadata(field_name="Signature", subfilter=fields.SigSeedSubFilter.PADES),
        signer=signer,
    )
    result = verify_sealed_pdf(out.getvalue())
    assert (
        result.code == VerificationCode.NOT_FROM_PLATFORM and result.signer == "Université de Lille — cachet"
    )


def test_the_asp_countersignature_keeps_the_seal_valid(tmp_path, sealed, signing_pki):
    """The ASP signs the sealed contract with its own certificate, in an incremental update."""
    asp = make_pki(tmp_path / "asp", ca_common_name="AC de l'ASP", seal_common_name="ASP — cachet")
    asp_signer = signers.SimpleSigner.load(str(asp.key), str(asp.cert), ca_chain_files=(str(asp.ca_cert),))
    countersigned = signers.sign_pdf(
        IncrementalPdfFileWriter(BytesIO(sealed)),
        signers.PdfSignatureMetadata(
            field_name="Signature-ASP",
            reason="Contresignature de l'ASP",
            subfilter=fields.SigSeedSubFilter.PADES,
        ),
        signer=asp_signer,
    ).getvalue()

    result = verify_sealed_pdf(countersigned)
    assert result.valid and result.intact and result.trusted
    assert result.later_signers == ("ASP — cachet",)
    assert result.message_fr.endswith("Signature ajoutée ensuite : ASP — cachet.")
    # pyHanko: the platform's seal stays valid, what follows it is a signature (form filling level)...
    _embedded, status = pyhanko_status(countersigned, signing_pki.ca_cert, index=0)
    assert status.bottom_line and status.modification_level == ModificationLevel.FORM_FILLING
    # ...and the ASP's signature validates against the ASP's own CA.
    _embedded, asp_status = pyhanko_status(countersigned, asp.ca_cert, index=1)
    assert asp_status.bottom_line and asp_status.coverage == SignatureCoverageLevel.ENTIRE_FILE


# --- garbage never raises ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [b"", b"%PDF-1.7", b"hello world", os.urandom(4096), b"%PDF-1.7\n" + os.urandom(2048), b"\x00" * 100],
    ids=["empty", "header-only", "text", "random", "pdf-header-then-random", "zeros"],
)
def test_garbage_gets_the_french_message(signing_pki, data):
    result = verify_sealed_pdf(data)
    assert (result.valid, result.code) == (False, VerificationCode.UNREADABLE)
    assert result.message_fr == "Ce fichier n'est pas un PDF lisible."
    assert result.document_sha256 == hashlib.sha256(data).hexdigest()


def test_a_pdf_without_signature_is_not_signed(signing_pki, contract_pdf):
    result = verify_sealed_pdf(contract_pdf)
    assert (result.valid, result.code, result.message_fr) == (
        False,
        VerificationCode.NOT_SIGNED,
        "Ce document n'est pas signé.",
    )


@hypothesis_settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(fraction=st.floats(min_value=0, max_value=1, exclude_max=True))
def test_a_truncated_sealed_pdf_is_never_valid(sealed, fraction):
    result = verify_sealed_pdf(sealed[: int(fraction * len(sealed))])
    assert not result.valid


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=3000))
def test_arbitrary_bytes_never_raise(signing_pki, data):
    result = verify_sealed_pdf(b"%PDF-1.7\n" + data)
    assert not result.valid and result.message_fr


# --- timestamps and configuration ---------------------------------------------------------------------


def _tsa(pki: PkiFiles, tmp_path) -> DummyTimeStamper:
    """A timestamp authority issued by the test CA (extendedKeyUsage timeStamping, critical)."""
    from cryptography.hazmat.primitives.asymmetric import rsa

    ca_key = serialization.load_pem_private_key(pki.ca_key.read_bytes(), None)
    ca_cert = x509.load_pem_x509_certificate(pki.ca_cert.read_bytes())
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # pyHanko's dummy TSA is RSA-only
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "Horodatage de test")]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    (tmp_path / "tsa.key.pem").write_bytes(key_to_pem(key))
    (tmp_path / "tsa.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    store = SimpleCertificateStore()
    store.register(load_cert_from_pemder(str(pki.ca_cert)))
    return DummyTimeStamper(
        tsa_cert=load_cert_from_pemder(str(tmp_path / "tsa.pem")),
        tsa_key=load_private_key_from_pemder(str(tmp_path / "tsa.key.pem"), None),
        certs_to_embed=store,
        fixed_dt=dt.datetime(2026, 11, 1, 9, 5, tzinfo=dt.UTC),
    )


def test_a_timestamped_seal_reports_the_authority_time(monkeypatch, tmp_path, signing_pki, contract_pdf):
    monkeypatch.setattr(signing, "_timestamper", lambda: _tsa(signing_pki, tmp_path))
    result = verify_sealed_pdf(seal_pdf(contract_pdf, reason="r", location="Paris"))
    assert result.valid and result.timestamped
    assert result.signed_at == dt.datetime(2026, 11, 1, 9, 5, tzinfo=dt.UTC)
    assert "le 1er novembre 2026 à 10:05" in result.message_fr  # Paris time, as every page writes a time
    assert "autorité d'horodatage" in result.message_fr


def test_a_document_timestamp_added_later_keeps_the_seal_valid(tmp_path, sealed, signing_pki):
    """Long-term validation (PAdES B-LTA): a document timestamp appended after the seal is not a change."""
    stamped = (
        signers.PdfTimeStamper(_tsa(signing_pki, tmp_path))
        .timestamp_pdf(IncrementalPdfFileWriter(BytesIO(sealed)), md_algorithm="sha256")
        .getvalue()
    )
    assert len(PdfFileReader(BytesIO(stamped)).embedded_signatures) == 2  # the seal and the timestamp
    result = verify_sealed_pdf(stamped)
    assert result.valid and result.later_signers == ()


def test_an_unreachable_timestamp_authority_stops_the_seal(settings, signing_pki, contract_pdf):
    settings.SIGNING_TSA_URL = "http://127.0.0.1:9/tsa"  # discard port: nobody answers
    with pytest.raises(SealingError, match="horodatage"):
        seal_pdf(contract_pdf, reason="r", location="Paris")


def test_missing_key_material_is_a_configuration_error(settings, tmp_path, contract_pdf):
    settings.SIGNING_KEY_FILE = tmp_path / "absent.key.pem"
    settings.SIGNING_CERT_FILE = tmp_path / "absent.pem"
    settings.SIGNING_CA_CERT_FILE = tmp_path / "absent-ca.pem"
    with pytest.raises(ImproperlyConfigured, match="create_demo_ca"):
        seal_pdf(contract_pdf, reason="r", location="Paris")


def test_an_encrypted_key_needs_its_passphrase(tmp_path, settings, contract_pdf):
    files = make_pki(tmp_path / "pki", passphrase="phrase de passe du cachet")
    assert b"ENCRYPTED" in files.key.read_bytes()
    point_settings_at(settings, files, passphrase="phrase de passe du cachet")
    assert verify_sealed_pdf(seal_pdf(contract_pdf, reason="r", location="Paris")).valid
    settings.SIGNING_KEY_PASSPHRASE = "mauvaise"
    with pytest.raises(ImproperlyConfigured, match="SIGNING_KEY_PASSPHRASE"):
        seal_pdf(contract_pdf, reason="r", location="Paris")


def test_seal_refuses_a_file_that_is_not_a_pdf(signing_pki):
    with pytest.raises(SealingError, match="PDF lisible"):
        seal_pdf(b"not a pdf", reason="r", location="Paris")


# --- the demo CA command -----------------------------------------------------------------------------


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_create_demo_ca_is_idempotent_and_keeps_keys_private(tmp_path, settings, contract_pdf):
    settings.SIGNING_CA_CERT_FILE = tmp_path / "pki" / "ca.pem"
    settings.SIGNING_CERT_FILE = tmp_path / "pki" / "cachet.pem"
    settings.SIGNING_KEY_FILE = tmp_path / "pki" / "cachet.key.pem"
    settings.SIGNING_KEY_PASSPHRASE = ""
    files = PkiFiles.from_settings()

    out = StringIO()
    call_command("create_demo_ca", stdout=out)
    assert "créés" in out.getvalue()
    first = {path: path.read_bytes() for path in files.all()}
    assert _mode(files.key) == 0o600 and _mode(files.ca_key) == 0o600 and _mode(files.cert) == 0o644
    sealed = seal_pdf(contract_pdf, reason="r", location="Paris")

    files.key.chmod(0o644)
    out = StringIO()
    call_command("create_demo_ca", stdout=out)
    assert "conservés" in out.getvalue()
    assert {path: path.read_bytes() for path in files.all()} == first
    assert _mode(files.key) == 0o600
    assert verify_sealed_pdf(sealed).valid

    call_command("create_demo_ca", "--force", stdout=StringIO())
    assert files.ca_cert.read_bytes() != first[files.ca_cert]
    assert _mode(files.key) == 0o600
    assert verify_sealed_pdf(sealed).code == VerificationCode.NOT_FROM_PLATFORM  # the old CA is gone


def test_a_missing_sealing_certificate_is_reissued_by_the_existing_ca(tmp_path, settings, contract_pdf):
    files = point_settings_at(settings, make_pki(tmp_path / "pki"))
    sealed = seal_pdf(contract_pdf, reason="r", location="Paris")
    ca = files.ca_cert.read_bytes()
    files.cert.unlink()
    files.key.unlink()
    call_command("create_demo_ca", stdout=StringIO())
    assert files.ca_cert.read_bytes() == ca and files.cert.exists()
    assert verify_sealed_pdf(sealed).valid  # same CA, same subject: earlier documents still verify
