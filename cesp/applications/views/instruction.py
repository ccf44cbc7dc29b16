"""Instruction, for the agents: the work queue (filters, counts per status, pages) and its export;
for the file's instructors, correction requests and the decision (complete or inadmissible)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cesp.applications import exports, forms, selectors, services
from cesp.applications.models import ApplicationStatus
from cesp.applications.views.guards import instructed_application, staff_only


def _queue_filters(request, form_class=forms.QueueFilterForm, **extra):
    campaigns = list(selectors.campaign_list(scope=request.scope))
    form = form_class(request.GET or None, campaigns=campaigns, **extra)
    filters = selectors.QueueFilters()
    per_page = selectors.PAGE_SIZES[0]
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.QueueFilters(
            campaign=data.get("campaign"),
            status=data.get("status") or "",
            cycle=data.get("cycle"),
            discipline=data.get("discipline") or "",
            q=data.get("q") or "",
            sort=data.get("sort") or "submitted",
        )
        per_page = data.get("per_page") or per_page
    return form, filters, per_page


@login_required
def work_queue(request):
    staff_only(request)
    form, filters, per_page = _queue_filters(request)
    queue = selectors.work_queue(
        scope=request.scope, filters=filters, page_number=request.GET.get("page", 1), per_page=per_page
    )
    query = request.GET.copy()
    query.pop("page", None)
    export_form = forms.ExportForm(
        initial={**{k: v for k, v in request.GET.items() if k != "page"}, "columns": exports.DEFAULT_COLUMNS},
        campaigns=[],
    )
    return render(
        request,
        "applications/queue.html",
        {
            "title": _("Dossiers à instruire"),
            "form": form,
            "queue": queue,
            "filters": filters,
            "statuses": [(s, ApplicationStatus(s).label, n) for s, n in queue.counts.items()],
            "all_count": sum(queue.counts.values()),
            "query": query.urlencode(),
            "export_form": export_form,
            "export_hidden": [
                (k, v) for k, v in request.GET.items() if k not in ("page", "columns", "format")
            ],
        },
    )


@login_required
def queue_export(request):
    staff_only(request)
    form, filters, _per_page = _queue_filters(request, forms.ExportForm)
    if not form.is_bound:  # the whole queue, with the default columns
        columns, file_format = exports.DEFAULT_COLUMNS, "csv"
    elif form.is_valid():
        columns, file_format = form.cleaned_data["columns"], form.cleaned_data["format"]
    else:
        messages.error(request, _("Choisissez au moins une colonne et un format à exporter."))
        return redirect(reverse("applications:queue"))
    applications = selectors.queue_queryset(scope=request.scope, filters=filters)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if file_format == "xlsx":
        content = exports.to_xlsx(applications, columns)
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="dossiers-cesp-{stamp}.xlsx"'
    else:
        response = HttpResponse(exports.to_csv(applications, columns), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="dossiers-cesp-{stamp}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def correction_request(request, pk):
    application = instructed_application(request, pk)
    form = forms.CorrectionForm(request.POST or None, initial={"version": application.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.correction_request(
                actor=request.user,
                role=request.scope.role,
                application=application,
                message=form.cleaned_data["message"],
                sections=form.cleaned_data["sections"],
                document_kinds=form.cleaned_data["document_kinds"],
                expected_version=form.cleaned_data["version"],
                at=timezone.now(),
            )
        except services.ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Demande de compléments envoyée au candidat."))
            return redirect("applications:detail", pk=application.pk)
    return render(
        request,
        "applications/correction_form.html",
        {"title": _("Demander des compléments"), "application": application, "form": form},
        status=422 if form.errors else 200,
    )


@login_required
def application_decide(request, pk):
    application = instructed_application(request, pk)
    form = forms.DecisionForm(request.POST or None, initial={"version": application.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        service = (
            services.application_mark_complete
            if data["decision"] == "complete"
            else services.application_mark_inadmissible
        )
        try:
            service(
                actor=request.user,
                role=request.scope.role,
                application=application,
                expected_version=data["version"],
                reason=data["reason"],
                at=timezone.now(),
            )
        except services.ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Décision enregistrée et communiquée au candidat."))
            return redirect("applications:detail", pk=application.pk)
    return render(
        request,
        "applications/decision_form.html",
        {"title": _("Statuer sur le dossier"), "application": application, "form": form},
        status=422 if form.errors else 200,
    )
