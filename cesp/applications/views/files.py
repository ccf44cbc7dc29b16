"""The file page, its supporting documents and its receipt: for the candidate, the staff of its UFR
or region, national agencies and administrators (anyone else: 404)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from cesp.applications import selectors, services
from cesp.applications.documents import download_name
from cesp.applications.models import Section


@login_required
def application_detail(request, pk):
    application = selectors.application_detail(scope=request.scope, pk=pk)
    if application is None:
        raise Http404
    can_instruct = selectors.can_instruct(request.scope, application)
    return render(
        request,
        "applications/detail.html",
        {
            "title": _("Dossier %(reference)s") % {"reference": application.reference},
            "application": application,
            "is_owner": application.candidate_id == request.user.pk,
            "can_instruct": can_instruct,
            "missing": services.missing_items(application, application.current_documents)
            if can_instruct
            else [],
            "sections": Section,
        },
    )


@login_required
def document_download(request, pk):
    document = selectors.document_get(scope=request.scope, pk=pk)
    if document is None:
        raise Http404
    if not document.scan_allows_use or not document.file:
        return render(
            request,
            "applications/document_unavailable.html",
            {"title": _("Pièce indisponible"), "document": document},
            status=409,
        )
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=download_name(document),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def receipt_download(request, pk):
    application = selectors.application_detail(scope=request.scope, pk=pk)
    if application is None or not application.receipt:
        raise Http404
    response = FileResponse(
        application.receipt.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{application.reference}-accuse-reception.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
