"""The WSGI application, and the warm-up that the production server runs before forking its workers."""

import logging
import os
import time
from pathlib import Path

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cesp.settings")
application = get_wsgi_application()

# A WSGI server runs no system check: refuse to serve without an antivirus (cesp/core/checks.py).
from cesp.core.checks import refuse_to_start_without_antivirus  # noqa: E402

refuse_to_start_without_antivirus()

logger = logging.getLogger(__name__)


def warm_up() -> float:
    """Do once, in the server's master process, what every worker's first request would do: import
    the URLconf and every view, compile the templates (pages and DSFR form fields), load the
    catalogues and import the libraries of PDFs and seals. Runs no query. Returns the seconds spent."""
    started = time.perf_counter()
    from django.conf import settings
    from django.forms.renderers import get_default_renderer
    from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
    from django.urls import get_resolver
    from django.utils import translation

    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 - imports every urls.py and view module
    resolver.reverse_dict  # noqa: B018 - builds the reverse lookup tables once

    def compile_all(engine, root, pattern="**/*.html"):
        for path in Path(root).glob(pattern):
            name = path.relative_to(root).as_posix()
            try:
                engine.get_template(name)
            except (TemplateDoesNotExist, TemplateSyntaxError):  # pragma: no cover - a broken template
                logger.exception("warm-up: template %s not compiled", name)

    for engine in engines.all():
        # The project's own templates; django-dsfr's base layout and its includes.
        for root in engine.template_dirs:
            if Path(root).is_relative_to(settings.BASE_DIR / "cesp"):
                compile_all(engine, root)
        for name in ("dsfr/base.html", "dsfr/header.html", "dsfr/footer.html"):
            engine.get_template(name)
    renderer = get_default_renderer()
    form_templates = Path(__import__("dsfr").__file__).parent / "templates"
    compile_all(renderer.engine, form_templates, "dsfr/form_field_snippets/*.html")
    for name in ("dsfr/form_snippet.html", "django/forms/errors/list/ul.html", "django/forms/field.html"):
        renderer.get_template(name)

    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            translation.gettext("Accueil")

    import pyhanko.sign.signers  # noqa: F401 - contract seals
    import weasyprint  # noqa: F401 - receipts, minutes, contracts

    return time.perf_counter() - started
