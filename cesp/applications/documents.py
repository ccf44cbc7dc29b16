"""Checks on an uploaded supporting document, before anything is stored.

The type comes from the content (libmagic), never from the name or the browser's claim; what the file
holds beyond its type (JavaScript, embedded files, another format after its end, a decompression
bomb) is inspected by ``cesp.core.uploads``; the size limit is ``settings.DOCUMENT_MAX_BYTES``; the
SHA-256 is kept to prove later what was received. A document is stored and served under a safe name
with the extension of its detected type (``download_name``).
"""

import hashlib
from dataclasses import dataclass

import magic
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from cesp.core import uploads

ALLOWED_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


class DocumentRejected(ValueError):
    """A refused document, with a French message."""


@dataclass(frozen=True)
class CheckedContent:
    data: bytes
    content_type: str
    extension: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def max_bytes() -> int:
    return int(getattr(settings, "DOCUMENT_MAX_BYTES", 10 * 1024 * 1024))


def read_limited(uploaded) -> bytes:
    """Read an uploaded file, at most the limit plus one byte: refused when larger or empty."""
    limit = max_bytes()
    uploaded.seek(0)
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        raise DocumentRejected(
            f"Le fichier dépasse la taille maximale autorisée ({filesizeformat(limit)}) : "
            "réduisez-le (scan en 150 ou 200 ppp) puis déposez-le à nouveau."
        )
    if not data:
        raise DocumentRejected("Le fichier est vide.")
    return data


def check_type(data: bytes) -> CheckedContent:
    """The type read from the content: PDF, JPEG or PNG only, holding nothing else (cesp.core.uploads)."""
    content_type = magic.from_buffer(data[:8192], mime=True)
    if content_type not in ALLOWED_TYPES:
        raise DocumentRejected(
            "Type de fichier refusé : seuls les documents PDF et les images JPEG ou PNG sont acceptés "
            "(le type est lu dans le contenu du fichier, pas dans son nom)."
        )
    try:
        uploads.inspect(data, content_type)
    except uploads.UploadRefused as error:
        raise DocumentRejected(str(error)) from error
    return CheckedContent(
        data=data,
        content_type=content_type,
        extension=ALLOWED_TYPES[content_type],
        sha256=hashlib.sha256(data).hexdigest(),
    )


def read_and_check(uploaded) -> CheckedContent:
    return check_type(read_limited(uploaded))


def download_name(document) -> str:
    """The name a document is served under: the user's name made safe, the detected type's extension."""
    extension = ALLOWED_TYPES.get(document.content_type, "bin")
    return uploads.safe_filename(document.original_name, extension, fallback=document.kind)
