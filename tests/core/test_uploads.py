"""Uploaded files hold nothing but their type (issue 11, item 20). Every case is a real file built
here: PDFs with JavaScript (also hidden in a compressed object stream) or embedded files, polyglots
(PDF/HTML, JPEG with an HTML trailer, PDF with a ZIP appended), decompression bombs; and the ordinary
files candidates send (WeasyPrint and pydyf PDFs, camera JPEGs with a second picture, PNGs)."""

import io
import struct
import zipfile
import zlib

import pydyf
import pytest
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from cesp.core import bounds, uploads
from cesp.core.pdf import render_pdf
from tests.applications.helpers import PNG_1PX, tiny_pdf

HTML = b"<html><body><script>fetch('/compte/').then(r => r.text()).then(alert)</script></body></html>\n"


def pydyf_pdf(catalog=None, *, compress=True, streams=()) -> bytes:
    """A one-page PDF written by pydyf (what WeasyPrint uses), object streams when ``compress``."""
    pdf = pydyf.PDF()
    page = pydyf.Dictionary(
        {"Type": "/Page", "Parent": pdf.pages.reference, "MediaBox": pydyf.Array([0, 0, 200, 200])}
    )
    pdf.add_object(page)
    pdf.add_page(page)
    for stream in streams:
        pdf.add_object(stream)
    for key, value in (catalog(pdf) if catalog else {}).items():
        pdf.catalog[key] = value
    out = io.BytesIO()
    pdf.write(out, compress=compress)
    return out.getvalue()


def javascript_action(pdf):
    action = pydyf.Dictionary({"Type": "/Action", "S": "/JavaScript", "JS": pydyf.String("app.alert(1)")})
    pdf.add_object(action)
    return {"OpenAction": action.reference}


def launch_action(pdf):
    action = pydyf.Dictionary({"S": "/Launch", "F": pydyf.String("cmd.exe")})
    pdf.add_object(action)
    return {"OpenAction": action.reference}


def pypdf_bytes(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with_attachment() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_attachment("notes.txt", "Pièce jointe cachée dans le PDF.".encode())
    return pypdf_bytes(writer)


def pdf_with_javascript_on_a_page() -> bytes:
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")}
    )
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): writer._add_object(action)})
    return pypdf_bytes(writer)


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret", algorithm="AES-128")
    return pypdf_bytes(writer)


def zip_archive() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("index.html", HTML)
    return out.getvalue()


def flate_bomb_pdf(size: int = 100 * 1024 * 1024) -> bytes:
    """A content stream of 100 MB of zeros, compressed to about 100 KB."""
    compressor, chunk, parts = zlib.compressobj(9), b"\0" * (1024 * 1024), []
    for _ in range(size // len(chunk)):
        parts.append(compressor.compress(chunk))
    parts.append(compressor.flush())
    stream = pydyf.Stream(extra={"Filter": "/FlateDecode"}, compress=False)
    stream.stream = [b"".join(parts)]
    return pydyf_pdf(streams=[stream], compress=False)


def jpeg(size=(64, 48), color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG", quality=80)
    return out.getvalue()


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(width=1, height=1, extra=b"") -> bytes:
    header = png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
    data = png_chunk(b"IDAT", zlib.compress(b"\0" + b"\0\0\0\0" * width))
    return b"\x89PNG\r\n\x1a\n" + header + extra + data + png_chunk(b"IEND", b"")


REFUSED = {
    "pdf-javascript-open-action": (lambda: pydyf_pdf(javascript_action, compress=False), "JavaScript"),
    "pdf-javascript-in-object-stream": (lambda: pydyf_pdf(javascript_action, compress=True), "JavaScript"),
    "pdf-javascript-page-action": (lambda: pdf_with_javascript_on_a_page(), "JavaScript"),
    "pdf-launch-action": (lambda: pydyf_pdf(launch_action), "actions automatiques"),
    "pdf-embedded-file": (lambda: pdf_with_attachment(), "fichiers joints"),
    "pdf-html-polyglot-trailer": (lambda: tiny_pdf() + HTML, "après la fin du PDF"),
    "pdf-html-polyglot-comment": (
        lambda: tiny_pdf().replace(b"%PDF-1.4\n", b"%PDF-1.4\n%" + HTML, 1),
        "page web",
    ),
    "html-then-pdf": (lambda: HTML + tiny_pdf(), "ne commence pas comme un PDF"),
    "pdf-zip-appended": (lambda: tiny_pdf() + zip_archive(), "après la fin du PDF"),
    "pdf-zip-appended-fake-eof": (lambda: tiny_pdf() + zip_archive() + b"\n%%EOF\n", "après la fin du PDF"),
    "pdf-second-pdf-appended": (lambda: tiny_pdf() + tiny_pdf("autre"), "après la fin du PDF"),
    "pdf-encrypted": (lambda: encrypted_pdf(), "protégé par un mot de passe"),
    "pdf-truncated": (lambda: tiny_pdf()[:-40], "incomplet"),
    "pdf-garbage": (lambda: b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n", "illisible"),
    "pdf-flate-bomb": (lambda: flate_bomb_pdf(), "démesurées"),
    "jpeg-html-trailer": (lambda: jpeg() + HTML, "après sa fin"),
    "jpeg-zip-trailer": (lambda: jpeg() + zip_archive(), "après sa fin"),
    "jpeg-truncated": (lambda: jpeg()[:-200], "endommagée"),
    "png-html-trailer": (lambda: PNG_1PX + HTML, "après sa fin"),
    "png-bomb-dimensions": (lambda: png(width=100_000, height=100_000), "pixels"),
    "png-text-bomb": (
        lambda: png(extra=png_chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b" " * (80 * 1024 * 1024)))),
        "démesurées",
    ),
    "png-bad-crc": (lambda: PNG_1PX[:-5] + b"\x00" + PNG_1PX[-4:], "endommagée"),
}
TYPES = {"pdf": "application/pdf", "html": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_hostile_files_are_refused_with_a_french_message(case):
    build, expected = REFUSED[case]
    data = build()
    with pytest.raises(uploads.UploadRefused, match=expected) as refused:
        uploads.inspect(data, TYPES[case.split("-")[0]])
    assert "déposez" in str(refused.value).lower() or "refusée" in str(refused.value)


def test_the_bomb_is_small_on_disk():
    assert len(flate_bomb_pdf()) < 1024 * 1024 < bounds.UPLOAD_MAX_STREAM_BYTES


def camera_jpeg_with_a_second_picture() -> bytes:
    """Phones append a second picture (Multi-Picture Format) after the first one's end."""
    return jpeg((640, 480)) + jpeg((160, 120), (0, 0, 0))


def pdf_with_binary_look_alikes() -> bytes:
    """Binary data that happens to hold ``<svg `` or a ZIP local header, deep in a stream (compressed
    streams do by chance on large files): not a polyglot."""
    stream = pydyf.Stream(compress=False)
    stream.stream = [b"\x00\x01" * 1500 + b"<svg PK\x03\x04<script " + b"\x02" * 500]
    return pydyf_pdf(streams=[stream], compress=False)


ACCEPTED = {
    "pdf-tiny": (tiny_pdf("relevé"), "application/pdf"),
    "pdf-weasyprint": (
        render_pdf("applications/demo_document_pdf.html", {"label": "Relevé de notes"}),
        "application/pdf",
    ),
    "pdf-pydyf-object-streams": (pydyf_pdf(compress=True), "application/pdf"),
    "pdf-with-incremental-update": (None, "application/pdf"),
    "pdf-with-binary-look-alikes": (pdf_with_binary_look_alikes(), "application/pdf"),
    "jpeg": (jpeg((1200, 900)), "image/jpeg"),
    "jpeg-multi-picture": (camera_jpeg_with_a_second_picture(), "image/jpeg"),
    "jpeg-zero-padding": (jpeg() + b"\0" * 64, "image/jpeg"),
    "png": (PNG_1PX, "image/png"),
    "png-built": (png(width=300, height=200), "image/png"),
}


def incrementally_updated_pdf() -> bytes:
    """A PDF signed or annotated later: an update appended after the first %%EOF."""
    writer = PdfWriter(io.BytesIO(tiny_pdf()), incremental=True)
    writer.add_metadata({"/Title": "Relevé complété"})
    return pypdf_bytes(writer)


@pytest.mark.parametrize("case", ACCEPTED, ids=list(ACCEPTED))
def test_ordinary_files_are_accepted(case):
    data, content_type = ACCEPTED[case]
    if case == "pdf-with-incremental-update":
        data = incrementally_updated_pdf()
        assert data.count(b"%%EOF") == 2
    uploads.inspect(data, content_type)


@pytest.mark.parametrize(
    "name, extension, expected",
    [
        ("evil.html", "pdf", "evil.pdf"),
        ("../../etc/passwd", "pdf", "passwd.pdf"),
        ("C:\\Users\\moi\\Relevé de notes L3.PDF", "pdf", "releve-de-notes-l3.pdf"),
        ("photo.jpeg.exe", "jpg", "photojpeg.jpg"),
        ("<script>.png", "png", "script.png"),
        ("", "pdf", "identity.pdf"),
        ("....", "png", "identity.png"),
    ],
)
def test_safe_names_carry_the_detected_extension(name, extension, expected):
    assert uploads.safe_filename(name, extension, fallback="identity") == expected
