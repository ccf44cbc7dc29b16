"""What an uploaded file may hold, beyond its type: no active content, nothing hidden after its end.

``libmagic`` reads the first bytes of a file; a file can start as a PDF or a JPEG and carry another
format after its end (a PDF/HTML polyglot, a JPEG with an HTML trailer, a PDF with a ZIP archive
appended), or be a PDF that runs JavaScript or carries embedded files. ``inspect`` walks the
structure of each accepted type and refuses, with a French message saying what to do instead:

- **PDF**: the header at byte 0; after each ``%%EOF`` only an incremental update (objects, ``xref``)
  or, at the very end, whitespace; no ZIP archive a reader could open (its end record near the end of
  the file); no HTML markup where browsers sniff (the first 1445 bytes); readable
  by pypdf and not encrypted (an encrypted file cannot be inspected, nor scanned); no JavaScript,
  launch, import or submit actions, embedded files, file attachments, rich media or XFA forms, in any
  object including those packed in object streams. Decoded streams are capped, one by one and in
  total (``bounds.UPLOAD_MAX_STREAM_BYTES``, ``bounds.UPLOAD_MAX_DECODED_BYTES``): a decompression
  bomb is refused, never expanded. Images inside are not decoded; their declared size is checked.
- **JPEG**: segments walked from SOI to EOI; after it, only padding or further complete JPEG images
  (the Multi-Picture Format of phone cameras); no HTML markup where browsers sniff.
- **PNG**: chunks walked with their CRC up to IEND, nothing after it; compressed text and profile
  chunks decoded under the cap; no HTML markup where browsers sniff.
- Images of more than ``bounds.UPLOAD_MAX_IMAGE_PIXELS`` pixels are refused (a tiny file declaring
  an enormous image is a decompression bomb for whoever opens it).

``safe_filename`` gives the name a document is stored and served under: a slug of the name the user
gave, with the extension of the type detected from the content (``evil.html`` holding a PDF is served
as ``evil.pdf``, as ``application/pdf``).
"""

import logging
import re
import struct
import zlib
from io import BytesIO
from pathlib import PurePosixPath

from django.utils.text import slugify

from cesp.core import bounds

logger = logging.getLogger(__name__)

PDF_WHITESPACE = b" \t\r\n\f\x00"
HTML_MARKUP = re.compile(rb"<(?:html|script|body|iframe|svg|object|embed)[\s>/]|<!doctype\s+html", re.I)
ZIP_END_OF_DIRECTORY = b"PK\x05\x06"
# A ZIP reader looks for its end record in the last 64 KiB (plus the record and a comment) of a file.
ZIP_SEARCH_WINDOW = 65_557 + 4_096
# Browsers sniff a resource from its first 1445 bytes (WHATWG MIME Sniffing, « resource header »): HTML
# there may be rendered. Further in, compressed data would match markup by chance on large files.
SNIFFED_BYTES = 1445
AFTER_EOF = re.compile(rb"(?:\d+\s+\d+\s+obj|xref)\b")

SAY_SIMPLE_PDF = (
    "Enregistrez le document à nouveau en PDF simple (« Imprimer » puis « Enregistrer au format PDF ») "
    "ou scannez-le, puis déposez-le."
)


class UploadRefused(ValueError):
    """A file refused for what it holds, with a French message."""


def _refuse(message: str):
    raise UploadRefused(message)


def _check_markup(data: bytes, what: str) -> None:
    if HTML_MARKUP.search(data[:SNIFFED_BYTES]):
        _refuse(
            f"Ce {what} contient aussi une page web (code HTML) : un fichier qui mêle deux formats est "
            f"refusé. {SAY_SIMPLE_PDF}"
        )


def _check_pixels(width: int, height: int, what: str) -> None:
    if width * height > bounds.UPLOAD_MAX_IMAGE_PIXELS:
        _refuse(
            f"{what} déclare une image de {width} × {height} pixels, bien au-delà d'un scan ou d'une "
            "photo : réduisez sa définition (150 ou 200 ppp) puis déposez-la à nouveau."
        )


# PDF ----------------------------------------------------------------------------------------------

ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/ResetForm", "/Rendition"}
EMBEDDING_SUBTYPES = {"/FileAttachment", "/RichMedia", "/Movie", "/Sound", "/Screen", "/3D"}


def _pdf_tail(data: bytes) -> None:
    if not data.startswith(b"%PDF-"):
        _refuse(
            f"Ce fichier ne commence pas comme un PDF : des données précèdent le document. {SAY_SIMPLE_PDF}"
        )
    ends = list(re.finditer(rb"%%EOF", data))
    if not ends:
        _refuse("Ce PDF est incomplet (sa fin manque) : enregistrez-le à nouveau puis déposez-le.")
    for match in ends[:-1]:
        following = data[match.end() :].lstrip(PDF_WHITESPACE)
        if not AFTER_EOF.match(following):
            _refuse_hidden()
    if data[ends[-1].end() :].strip(PDF_WHITESPACE):
        _refuse_hidden()
    if ZIP_END_OF_DIRECTORY in data[-ZIP_SEARCH_WINDOW:]:
        _refuse_hidden()
    _check_markup(data, "PDF")


def _refuse_hidden():
    _refuse(
        "Ce fichier contient d'autres données après la fin du PDF (un autre fichier y est accolé) : "
        f"il est refusé. {SAY_SIMPLE_PDF}"
    )


def _name(obj, key: str) -> str | None:
    """The value of ``key`` when it is a name (``/JavaScript``), else None."""
    from pypdf.generic import NameObject

    value = obj.get(key)
    return str(value) if isinstance(value, NameObject) else None


class _PdfWalk:
    """Every object of the file, reached from the cross-reference tables and the trailer."""

    def __init__(self, reader):
        self.reader = reader
        self.seen: set[tuple[int, int]] = set()
        self.decoded = 0
        self.objects = 0

    def run(self) -> None:
        from pypdf.generic import IndirectObject

        stack = [self.reader.trailer]
        for generation, entries in self.reader.xref.items():
            stack.extend(IndirectObject(number, generation, self.reader) for number in entries)
        stack.extend(IndirectObject(number, 0, self.reader) for number in self.reader.xref_objStm)
        while stack:
            self._visit(stack.pop(), stack)

    def _visit(self, obj, stack) -> None:
        from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in self.seen:
                return
            self.seen.add(key)
            obj = obj.get_object()
        self.objects += 1
        if self.objects > bounds.UPLOAD_MAX_PDF_OBJECTS:
            _refuse(f"Ce PDF compte un nombre démesuré d'objets. {SAY_SIMPLE_PDF}")
        if isinstance(obj, DictionaryObject):
            self._check_dictionary(obj)
            if isinstance(obj, StreamObject):
                self._decode(obj)
            stack.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)

    def _check_dictionary(self, obj) -> None:
        keys = {str(key) for key in obj}
        if keys & {"/JS", "/JavaScript"} or _name(obj, "/S") in ACTIVE_ACTIONS:
            _refuse(
                "Ce PDF contient du JavaScript ou des actions automatiques (code exécuté à l'ouverture) : "
                f"il est refusé. {SAY_SIMPLE_PDF}"
            )
        if (
            keys & {"/EmbeddedFiles", "/EmbeddedFile", "/EF"}
            or _name(obj, "/Type") == "/EmbeddedFile"
            or _name(obj, "/Subtype") in EMBEDDING_SUBTYPES
        ):
            _refuse(
                "Ce PDF contient des fichiers joints ou des médias intégrés : il est refusé. Déposez chaque "
                f"pièce séparément. {SAY_SIMPLE_PDF}"
            )
        if "/XFA" in keys:
            _refuse(
                "Ce PDF est un formulaire dynamique (XFA), qui exécute du code : il est refusé. "
                f"{SAY_SIMPLE_PDF}"
            )

    def _decode(self, stream) -> None:
        if _name(stream, "/Subtype") == "/Image":
            # Not decoded: its declared size bounds what any reader will expand.
            _check_pixels(int(stream.get("/Width", 0) or 0), int(stream.get("/Height", 0) or 0), "Ce PDF")
            return
        try:
            size = len(stream.get_data())
        except NotImplementedError:  # a filter pypdf cannot decode: nothing was expanded
            return
        self.decoded += size
        if self.decoded > bounds.UPLOAD_MAX_DECODED_BYTES:
            _refuse_bomb()


def _refuse_bomb():
    _refuse(
        "Ce PDF contient des données compressées démesurées (une « bombe de décompression ») : "
        f"il est refusé. {SAY_SIMPLE_PDF}"
    )


def inspect_pdf(data: bytes) -> None:
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError

    _pdf_tail(data)
    cap = bounds.UPLOAD_MAX_STREAM_BYTES
    limits = {
        "zlib_maximum_output_length": cap,
        "lzw_maximum_output_length": cap,
        "run_length_maximum_output_length": cap,
        "brotli_maximum_output_length": cap,
        "jbig2_maximum_output_length": cap,
        "array_based_stream_maximum_output_length": cap,
        "maximum_declared_stream_length": cap,
        "stream_decoding_work_maximum_length": 2 * cap,
    }
    try:
        with apply_configuration(**limits):
            reader = PdfReader(BytesIO(data), strict=False)
            if reader.is_encrypted:
                _refuse(
                    "Ce PDF est protégé par un mot de passe ou chiffré : il ne peut pas être vérifié. "
                    "Déposez une version non protégée."
                )
            _PdfWalk(reader).run()
    except UploadRefused:
        raise
    except LimitReachedError:
        _refuse_bomb()
    except Exception as error:  # malformed input makes pypdf raise many kinds of errors: all refuse it
        logger.info("PDF illisible refusé : %s: %s", type(error).__name__, error)
        _refuse(f"Ce PDF est illisible ou endommagé. {SAY_SIMPLE_PDF}")


# JPEG ---------------------------------------------------------------------------------------------

SOF_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
STANDALONE_MARKERS = {0x01, *range(0xD0, 0xD8)}


def _refuse_jpeg(reason: str = "") -> None:
    _refuse(
        f"Cette image JPEG est endommagée{reason} : enregistrez-la à nouveau (ou reprenez la photo) puis "
        "déposez-la."
    )


def _jpeg_end(data: bytes, start: int) -> int:
    """The offset just after the EOI marker of the JPEG image that starts at ``start``."""
    n = len(data)
    if data[start : start + 2] != b"\xff\xd8":
        _refuse_jpeg()
    i = start + 2
    while True:
        if i >= n or data[i] != 0xFF:
            _refuse_jpeg(" (structure interrompue)")
        while i < n and data[i] == 0xFF:
            i += 1
        if i >= n:
            _refuse_jpeg(" (fin manquante)")
        marker = data[i]
        i += 1
        if marker == 0xD9:
            return i
        if marker in STANDALONE_MARKERS:
            continue
        if i + 2 > n:
            _refuse_jpeg(" (fin manquante)")
        (length,) = struct.unpack(">H", data[i : i + 2])
        if length < 2 or i + length > n:
            _refuse_jpeg(" (segment tronqué)")
        if marker in SOF_MARKERS and length >= 7:
            height, width = struct.unpack(">HH", data[i + 3 : i + 7])
            _check_pixels(width, height, "Cette photo")
        i += length
        if marker == 0xDA:  # entropy-coded data, up to the next marker (0xFF not followed by 0x00 or RSTn)
            while True:
                j = data.find(b"\xff", i)
                if j < 0 or j + 1 >= n:
                    _refuse_jpeg(" (fin manquante)")
                following = data[j + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    i = j + 1
                    continue
                i = j
                break


def inspect_jpeg(data: bytes) -> None:
    end = _jpeg_end(data, 0)
    while True:
        rest = data[end:].lstrip(b"\x00\r\n\t ")
        if not rest.strip(b"\xff"):  # nothing left but padding
            break
        if not rest.startswith(b"\xff\xd8"):  # anything but a further picture (Multi-Picture Format)
            _refuse(
                "Cette image contient d'autres données après sa fin (un autre fichier y est accolé) : "
                "elle est refusée. Enregistrez-la à nouveau (ou faites une capture d'écran) puis déposez-la."
            )
        end = _jpeg_end(data, len(data) - len(rest))
    _check_markup(data, "fichier image")


# PNG ----------------------------------------------------------------------------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _refuse_png(reason: str = "") -> None:
    _refuse(f"Cette image PNG est endommagée{reason} : enregistrez-la à nouveau puis déposez-la.")


def _inflate_capped(payload: bytes) -> None:
    inflater = zlib.decompressobj()
    try:
        inflater.decompress(payload, bounds.UPLOAD_MAX_STREAM_BYTES)
    except zlib.error:
        _refuse_png(" (données compressées invalides)")
    if inflater.unconsumed_tail:
        _refuse(
            "Cette image contient des données compressées démesurées (une « bombe de décompression ») : "
            "elle est refusée."
        )


def inspect_png(data: bytes) -> None:
    if not data.startswith(PNG_SIGNATURE):
        _refuse_png()
    i, n = len(PNG_SIGNATURE), len(data)
    while True:
        if i + 8 > n:
            _refuse_png(" (fin manquante)")
        length, kind = struct.unpack(">I4s", data[i : i + 8])
        body = data[i + 8 : i + 8 + length]
        if len(body) != length or i + 12 + length > n:
            _refuse_png(" (bloc tronqué)")
        (crc,) = struct.unpack(">I", data[i + 8 + length : i + 12 + length])
        if zlib.crc32(kind + body) != crc:
            _refuse_png(" (somme de contrôle fausse)")
        if kind == b"IHDR" and length >= 8:
            width, height = struct.unpack(">II", body[:8])
            _check_pixels(width, height, "Cette image")
        elif kind == b"zTXt" or kind == b"iCCP":
            _inflate_capped(body.split(b"\x00", 1)[-1][1:])
        elif kind == b"iTXt":
            _keyword, _, rest = body.partition(b"\x00")
            if rest[:1] == b"\x01":  # compressed text: after flag, method, language and translated keyword
                text = rest[2:].split(b"\x00", 2)
                if len(text) == 3:
                    _inflate_capped(text[2])
        i += 12 + length
        if kind == b"IEND":
            break
    if data[i:]:
        _refuse(
            "Cette image contient d'autres données après sa fin (un autre fichier y est accolé) : "
            "elle est refusée. Enregistrez-la à nouveau (ou faites une capture d'écran) puis déposez-la."
        )
    _check_markup(data, "fichier image")


# Entry points -------------------------------------------------------------------------------------

INSPECTORS = {"application/pdf": inspect_pdf, "image/jpeg": inspect_jpeg, "image/png": inspect_png}


def inspect(data: bytes, content_type: str) -> None:
    """Refuse (``UploadRefused``) what ``data``, already typed as ``content_type``, must not hold."""
    inspector = INSPECTORS.get(content_type)
    if inspector is None:
        _refuse("Type de fichier refusé.")
    inspector(data)


def safe_filename(name: str, extension: str, *, fallback: str = "piece") -> str:
    """A slug of ``name`` without its directories or extension, then ``.extension`` (the detected type)."""
    stem = PurePosixPath((name or "").replace("\\", "/")).name
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    slug = slugify(stem)[:80].strip("-_") or slugify(fallback) or "piece"
    return f"{slug}.{extension}"
