"""The anchors of the page benchmark (bench/pages.py): a one-file Django app, no database.

- ``GET /``: an empty page of the design system, a template extending django-dsfr's ``dsfr/base.html``
  (its header, footer, CSS and JS) with a 20-row table: what any DSFR site pays for a page;
- ``GET /bare/``: a view answering "ok", what Django itself costs;
- ``POST /bare-post/``: a view reading a JSON body and answering JSON, the anchor of the API.

Started by bench/pages.py with the platform's own server configuration (``gunicorn.conf.py``, same
workers, same preloading): ``gunicorn bench.anchor_app:application`` from the project's root.
"""

import json

from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-anchor-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        INSTALLED_APPS=["django.contrib.staticfiles", "widget_tweaks", "dsfr"],
        MIDDLEWARE=[
            "django.middleware.security.SecurityMiddleware",
            "django.middleware.common.CommonMiddleware",
        ],
        DATABASES={},
        USE_I18N=True,
        LANGUAGE_CODE="fr",
        STATIC_URL="static/",
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "OPTIONS": {
                    "context_processors": ["django.template.context_processors.request"],
                    "loaders": [
                        (
                            "django.template.loaders.cached.Loader",
                            [
                                (
                                    "django.template.loaders.locmem.Loader",
                                    {
                                        "anchor.html": """{% extends "dsfr/base.html" %}
{% block content %}<h1>Tableau</h1>
<div class="fr-table"><table><caption>Vingt lignes</caption>
<thead><tr><th scope="col">N°</th><th scope="col">Nom</th><th scope="col">État</th></tr></thead>
<tbody>{% for row in rows %}<tr><td>{{ row.number }}</td><td>{{ row.name }}</td><td>{{ row.state }}</td></tr>{% endfor %}</tbody>
</table></div>{% endblock content %}"""
                                    },
                                ),
                                "django.template.loaders.app_directories.Loader",
                            ],
                        )
                    ],
                },
            }
        ],
    )

import django

django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse, JsonResponse  # noqa: E402
from django.shortcuts import render  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402

ROWS = [{"number": n, "name": f"Dossier {n}", "state": "déposé"} for n in range(1, 21)]


def empty_dsfr_page(request):
    return render(request, "anchor.html", {"rows": ROWS, "title": "Ancre"})


def bare(request):
    return HttpResponse("ok")


@csrf_exempt
def bare_post(request):
    return JsonResponse({"received": len(json.loads(request.body or b"{}"))})


urlpatterns = [path("", empty_dsfr_page), path("bare/", bare), path("bare-post/", bare_post)]
application = get_wsgi_application()
