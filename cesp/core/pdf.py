"""PDF documents rendered from Django templates with WeasyPrint.

``render_pdf("contracts/contract.html", context)`` renders the template and returns the PDF bytes: A4,
the state's Marianne font (shipped by django-dsfr) with Debian's DejaVu and Liberation as fallbacks,
page numbers at the bottom right. A template may add its own ``<style>`` or ``<link>`` to static files
(``{% static %}``): static URLs are read straight from the static files (``STATIC_ROOT`` after
``collectstatic``, else the apps' ``static/`` folders), never over the network. Every other URL is
refused, so that a template rendering user data can neither reach the network nor read local files.
Relative links resolve against ``SITE_URL``, so a link printed in the PDF points at the real site.
"""

from mimetypes import guess_type
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

PDF_STYLESHEET = """
@font-face { font-family: "Marianne"; font-weight: 400; font-style: normal;
  src: url("{static}dsfr/dist/fonts/Marianne-Regular.woff") format("woff"); }
@font-face { font-family: "Marianne"; font-weight: 400; font-style: italic;
  src: url("{static}dsfr/dist/fonts/Marianne-Regular_Italic.woff") format("woff"); }
@font-face { font-family: "Marianne"; font-weight: 700; font-style: normal;
  src: url("{static}dsfr/dist/fonts/Marianne-Bold.woff") format("woff"); }
@font-face { font-family: "Marianne"; font-weight: 700; font-style: italic;
  src: url("{static}dsfr/dist/fonts/Marianne-Bold_Italic.woff") format("woff"); }
@page {
  size: A4;
  margin: 2cm 1.8cm 2.2cm 1.8cm;
  @bottom-right { content: "Page " counter(page) " / " counter(pages); font-size: 8pt; color: #666; }
}
html { font-family: "Marianne", "DejaVu Sans", "Liberation Sans", sans-serif; font-size: 10pt;
  line-height: 1.4; color: #161616; }
h1, h2, h3 { line-height: 1.2; break-after: avoid; }
table { border-collapse: collapse; width: 100%; }
tr, img { break-inside: avoid; }
"""


def _static_prefix() -> str:
    return urljoin(settings.SITE_URL.rstrip("/") + "/", settings.STATIC_URL)


def _static_file(relative: str) -> Path | None:
    """The file behind a static path, collected or not; None when there is none or it escapes."""
    if not relative or ".." in Path(relative).parts:
        return None
    if settings.STATIC_ROOT:
        root = Path(settings.STATIC_ROOT).resolve()
        candidate = (root / relative).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    found = finders.find(relative)
    return Path(found) if found else None


def _url_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        """Serves ``data:`` URLs and the static files; refuses everything else."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            prefix = _static_prefix()
            if url.startswith(prefix):
                path = _static_file(unquote(urlsplit(url[len(prefix) :]).path))
                if path is not None:
                    mime_type, _ = guess_type(path.name)
                    return URLFetcherResponse(
                        url,
                        path.read_bytes(),
                        headers={"Content-Type": mime_type or "application/octet-stream"},
                    )
            raise ValueError(f"Ressource refusée dans un PDF : {url}")

    return StaticFilesFetcher(allowed_protocols=("data", "http", "https"))


def html_to_pdf(html: str, *, pdf_variant: str | None = None) -> bytes:
    """Render an HTML string (already rendered from a template) to PDF bytes.

    ``pdf_variant`` is any WeasyPrint variant, e.g. ``"pdf/a-3b"`` for documents archived long-term.
    """
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _url_fetcher()
    font_config = FontConfiguration()
    stylesheet = CSS(
        string=PDF_STYLESHEET.replace("{static}", _static_prefix()),
        base_url=settings.SITE_URL,
        url_fetcher=fetcher,
        font_config=font_config,
    )
    document = HTML(string=html, base_url=settings.SITE_URL, url_fetcher=fetcher)
    options = {"pdf_variant": pdf_variant} if pdf_variant else {}
    return document.write_pdf(stylesheets=[stylesheet], font_config=font_config, **options)


def render_pdf(template_name: str, context: dict | None = None, *, pdf_variant: str | None = None) -> bytes:
    """Render a Django template to PDF bytes (A4, Marianne, page numbers)."""
    return html_to_pdf(render_to_string(template_name, context or {}), pdf_variant=pdf_variant)
