"""Error pages (400, 403, 404, 429, 500) in the site's layout and the user's language, with a way back.

``cesp/urls.py`` names these views as Django's ``handler400`` … ``handler500``. Each renders
``errors/error.html`` (the state's header and footer, a short French or English explanation, links
to the home page, the previous page of the site, and the login page for an anonymous visitor). The
500 page is rendered the same way when it can be; if rendering itself fails (the database is down, the
very thing that broke), a minimal page without the layout is served instead, never a traceback.

With ``DEBUG`` on (the demo), Django would answer a missing page with its technical page that lists
every URL pattern, and an error with a traceback and the settings. ``ErrorPagesMiddleware`` serves the
site's pages there too; a developer who wants Django's technical pages sets
``DEBUG_TECHNICAL_PAGES=true`` (they are never shown with ``DEBUG`` off). Tracebacks still go to the
log (the runserver console).
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

logger = logging.getLogger("django.request")


#: Title and explanation of each page, marked for translation; translated when a page is rendered.
#: "csrf" is a 403 of its own (an expired form), anything else not listed is the 500 page.
_TEXTS = {
    "csrf": (
        gettext_noop("Page expirée"),
        gettext_noop(
            "Le formulaire a expiré ou a été envoyé depuis une autre page, et n'a pas été pris en compte "
            "par sécurité. Revenez à la page précédente, rechargez-la, puis envoyez-le à nouveau."
        ),
    ),
    400: (
        gettext_noop("Demande incorrecte"),
        gettext_noop(
            "La page n'a pas pu traiter votre demande : elle était incomplète, trop volumineuse ou mal "
            "formée. Revenez à la page précédente, rechargez-la et recommencez."
        ),
    ),
    403: (
        gettext_noop("Accès refusé"),
        gettext_noop(
            "Votre compte ne donne pas accès à cette page. Si vous agissez pour plusieurs organisations, "
            "choisissez la bonne depuis votre espace ; sinon, demandez l'accès à votre organisation."
        ),
    ),
    404: (
        gettext_noop("Page introuvable"),
        gettext_noop(
            "La page que vous cherchez n'existe pas, n'existe plus, ou n'est pas accessible avec votre "
            "compte. Vérifiez l'adresse, ou repartez de votre espace."
        ),
    ),
    429: (
        gettext_noop("Trop de demandes"),
        gettext_noop(
            "Vous avez fait trop de demandes de ce type en peu de temps : par sécurité, celle-ci n'a pas été "
            "prise en compte. Patientez, puis recommencez."
        ),
    ),
    500: (
        gettext_noop("Erreur inattendue"),
        gettext_noop(
            "Désolé, une erreur s'est produite de notre côté et votre demande n'a pas abouti. Elle a été "
            "enregistrée pour être corrigée. Réessayez dans quelques instants."
        ),
    ),
}


def _texts(status: int, reason: str = "") -> tuple[str, str]:
    title, message = _TEXTS.get("csrf" if reason == "csrf" else status, _TEXTS[500])
    return _(title), _(message)


def _previous_page(request) -> str:
    """The referring page, when it is a page of this site (never an outside address)."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


def render_error(request, status: int, *, reason: str = "", retry_minutes: int | None = None) -> HttpResponse:
    """The error page of ``status``; ``retry_minutes`` (a 429) says when the person may try again."""
    title, message = _texts(status, reason)
    user = getattr(request, "user", None)
    context = {
        "title": title,
        "status": status,
        "message": message,
        "retry_minutes": retry_minutes,
        "previous_page": _previous_page(request),
        "show_login": status in (403, 404) and not (user is not None and user.is_authenticated),
    }
    try:
        response = render(request, "errors/error.html", context, status=status)
    except Exception:  # the layout needs the database and the templates: the bare page needs neither
        logger.exception("La page d'erreur %s n'a pas pu être rendue", status)
        response = _bare_page(status, title, message)
    response.cesp_error_page = True
    return response


def _bare_page(status: int, title: str, message: str) -> HttpResponse:
    home = escape(_("Retour à l'accueil"))
    body = (
        f'<!doctype html><html lang="{escape(get_language() or "fr")}"><head><meta charset="utf-8">'
        f"<title>{escape(title)} — CESP</title></head><body><main>"
        f"<h1>{escape(title)}</h1><p>{escape(message)}</p>"
        f'<p><a href="/">{home}</a></p></main></body></html>'
    )
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def bad_request(request, exception=None):
    return render_error(request, 400)


def permission_denied(request, exception=None):
    return render_error(request, 403)


def page_not_found(request, exception=None):
    return render_error(request, 404)


def server_error(request):
    return render_error(request, 500)


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: a form sent without a valid token (expired page, another site)."""
    return render_error(request, 403, reason="csrf")


def technical_pages_allowed() -> bool:
    return settings.DEBUG and getattr(settings, "DEBUG_TECHNICAL_PAGES", False)


def _is_technical(response) -> bool:
    """Django's technical pages (DEBUG only) all say why they are shown: « DEBUG = True »."""
    return (
        response.status_code >= 400
        and not getattr(response, "cesp_error_page", False)
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and b"DEBUG = True" in response.content
    )


class ErrorPagesMiddleware:
    """With DEBUG on, the site's error pages instead of Django's technical ones (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.DEBUG and not technical_pages_allowed() and _is_technical(response):
            # Raised outside a view (no route: the list of URL patterns; an error in a middleware).
            return render_error(request, response.status_code if response.status_code in (400, 404) else 500)
        return response

    def process_exception(self, request, exception):
        if not settings.DEBUG or technical_pages_allowed():
            return None  # without DEBUG, Django calls the handlers of cesp/urls.py itself
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return None  # Django renders handler403 even with DEBUG on
        if isinstance(exception, SuspiciousOperation):
            logger.warning("Demande refusée (%s) : %s", type(exception).__name__, request.path)
            return bad_request(request, exception)
        logger.error("Internal Server Error: %s", request.path, exc_info=exception)
        return server_error(request)
