"""Pages of the campaigns and files: thin views (form → scope check → one service call → render).

Candidates: their files and the open campaigns, the step-by-step form, submission, withdrawal and the
answer to a correction request. UFR agents (ARS referents for PADHUE): campaigns, the work queue and
its export, the file view, correction requests and decisions. Objects come only through the
selectors: what a user may not see answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cesp.applications import exports, forms, selectors, services
from cesp.applications.documents import download_name, max_bytes
from cesp.applications.eligibility import application_eligibility_errors, eligible_statuses
from cesp.applications.models import ApplicationStatus, DocumentKind, ScanStatus, Section

STEPS = [
    ("situation", gettext_lazy("Situation")),
    ("project", gettext_lazy("Projet professionnel")),
    ("financial", gettext_lazy("Situation financière")),
    ("documents", gettext_lazy("Pièces justificatives")),
    ("review", gettext_lazy("Vérification et dépôt")),
]
STEP_FORMS = {
    "situation": forms.SituationForm,
    "project": forms.ProjectForm,
    "financial": forms.FinancialForm,
}


def _candidate_only(request):
    if not request.scope.is_candidate:
        raise PermissionDenied


def _agents_only(request):
    if request.scope.is_candidate or request.scope.is_anonymous:
        raise PermissionDenied


def _own_application(request, pk):
    application = selectors.application_for_candidate(scope=request.scope, pk=pk)
    if application is None:
        raise Http404
    return application


def _instructed_application(request, pk):
    application = selectors.application_detail(scope=request.scope, pk=pk)
    if application is None:
        raise Http404
    if not selectors.can_instruct(request.scope, application):
        raise PermissionDenied
    return application


# Candidates -------------------------------------------------------------------------------------


@login_required
def my_applications(request):
    _candidate_only(request)
    now = timezone.now()
    applications = list(selectors.application_list(scope=request.scope).order_by("-created_at"))
    taken = {a.campaign_id for a in applications if a.status != ApplicationStatus.WITHDRAWN}
    profile = getattr(request.user, "candidate_profile", None)
    campaigns = [
        c
        for c in selectors.campaigns_for_candidate(
            scope=request.scope, at=now, faculty_id=profile.faculty_id if profile else None
        )
        if c.pk not in taken
    ]
    return render(
        request,
        "applications/mine.html",
        {"title": _("Mes candidatures au CESP"), "applications": applications, "campaigns": campaigns},
    )


@require_POST
@login_required
def application_start(request, campaign_pk):
    _candidate_only(request)
    campaign = get_object_or_404(
        selectors.open_campaigns(scope=request.scope, at=timezone.now()), pk=campaign_pk
    )
    try:
        application = services.application_start(candidate=request.user, campaign=campaign, at=timezone.now())
    except services.ApplicationError as error:
        messages.error(request, str(error))
        return redirect("applications:mine")
    return redirect("applications:step", pk=application.pk, step="situation")


def _step_context(application, step):
    correction = (
        selectors.open_correction(application)
        if application.status == ApplicationStatus.CORRECTIONS_REQUESTED
        else None
    )

    def editable(item):
        if application.status == ApplicationStatus.DRAFT:
            return True
        return correction is not None and correction.reopens(item)

    return {
        "application": application,
        "steps": STEPS,
        "step": step,
        "step_index": [s for s, _label in STEPS].index(step) + 1,
        "step_count": len(STEPS),
        "step_label": dict(STEPS)[step],
        "next_step": dict(zip([s for s, _l in STEPS], [s for s, _l in STEPS[1:]] + [None], strict=True))[
            step
        ],
        "correction": correction,
        "editable": editable(step) if step in STEP_FORMS else application.status == ApplicationStatus.DRAFT,
        "editable_kinds": [k for k in DocumentKind.values if editable(k)],
    }


def _step_form(application, step, data=None):
    initial = {name: getattr(application, name) for name in services.STEP_FIELDS[step]}
    initial["version"] = application.version
    kwargs = {}
    if step == "situation":
        kwargs["statuses"] = eligible_statuses(campaign=application.campaign)
    if step == "project":
        kwargs["discipline"] = application.campaign.discipline
        initial["target_specialty"] = application.target_specialty_id
        initial["intended_region"] = application.intended_region_id
    if step == "financial":
        initial["has_scholarship"] = "true" if application.has_scholarship else "false"
        initial["has_student_job"] = "true" if application.has_student_job else "false"
    return STEP_FORMS[step](data, initial=initial, **kwargs)


@login_required
def application_step(request, pk, step):
    _candidate_only(request)
    application = _own_application(request, pk)
    if step not in dict(STEPS):
        raise Http404
    if application.status not in (ApplicationStatus.DRAFT, ApplicationStatus.CORRECTIONS_REQUESTED):
        messages.info(request, _("Ce dossier est déposé : il ne peut plus être modifié."))
        return redirect("applications:detail", pk=application.pk)
    context = _step_context(application, step)
    if step in STEP_FORMS:
        form = _step_form(application, step, request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                services.application_update_step(
                    actor=request.user,
                    application=application,
                    step=step,
                    data=data,
                    expected_version=form.cleaned_data["version"],
                    at=timezone.now(),
                )
            except services.ApplicationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Étape enregistrée."))
                target = context["next_step"] if application.status == ApplicationStatus.DRAFT else None
                if target:
                    return redirect("applications:step", pk=application.pk, step=target)
                return redirect("applications:detail", pk=application.pk)
        context["form"] = form
        return render(request, "applications/step.html", {"title": context["step_label"], **context})
    if step == "documents":
        return _documents_step(request, application, context)
    return _review_step(request, application, context)


def _documents_step(request, application, context):
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    form.fields["kind"].choices = [(k, DocumentKind(k).label) for k in context["editable_kinds"]] or [
        ("", _("Aucune pièce modifiable"))
    ]
    if request.method == "POST" and form.is_valid():
        try:
            services.document_add(
                actor=request.user,
                application=application,
                kind=form.cleaned_data["kind"],
                uploaded=form.cleaned_data["file"],
                at=timezone.now(),
            )
        except services.ApplicationError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("Pièce enregistrée."))
            return redirect("applications:step", pk=application.pk, step="documents")
    documents = application.documents.current().order_by("kind", "pk")
    return render(
        request,
        "applications/documents.html",
        {
            "title": context["step_label"],
            **context,
            "form": form,
            "documents": documents,
            "required": [DocumentKind(k).label for k in services.required_document_kinds(application)],
            "max_size": max_bytes(),
        },
        status=422 if form.errors else 200,
    )


def _review_step(request, application, context):
    form = forms.SubmitForm(request.POST or None, initial={"version": application.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(
                actor=request.user,
                application=application,
                expected_version=form.cleaned_data["version"],
                at=timezone.now(),
            )
        except services.ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Votre dossier est déposé. L'accusé de réception vous a été envoyé par courriel."),
            )
            return redirect("applications:detail", pk=application.pk)
    documents = list(application.documents.current().order_by("kind", "pk"))
    missing = services.missing_items(application, documents)
    errors = application_eligibility_errors(
        campaign=application.campaign,
        cursus=application.cursus,
        status_at_signature=application.status_at_signature,
        current_year=application.current_year,
        applied_on=timezone.localdate(),
    )
    return render(
        request,
        "applications/review.html",
        {
            "title": context["step_label"],
            **context,
            "form": form,
            "missing": [e["message"] for e in errors] + missing,
            "documents": documents,
            # Never "complete" while the antivirus has not answered on a document.
            "scans_pending": [d for d in documents if d.scan_status == ScanStatus.PENDING],
            "deadline_passed": timezone.now() > application.campaign.filing_deadline,
        },
        status=422 if form.errors else 200,
    )


@require_POST
@login_required
def document_remove(request, pk):
    _candidate_only(request)
    document = selectors.document_get(scope=request.scope, pk=pk)
    if document is None or document.superseded_at is not None:
        raise Http404
    try:
        services.document_remove(actor=request.user, document=document, at=timezone.now())
    except services.ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Pièce retirée du dossier."))
    return redirect("applications:step", pk=document.application_id, step="documents")


@login_required
def application_withdraw(request, pk):
    _candidate_only(request)
    application = _own_application(request, pk)
    form = forms.WithdrawForm(request.POST or None, initial={"version": application.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(
                actor=request.user,
                application=application,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                at=timezone.now(),
            )
        except services.ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Votre candidature est retirée."))
            return redirect("applications:mine")
    return render(
        request,
        "applications/withdraw.html",
        {"title": _("Retirer ma candidature"), "application": application, "form": form},
    )


@login_required
def correction_answer(request, pk):
    _candidate_only(request)
    application = _own_application(request, pk)
    if application.status != ApplicationStatus.CORRECTIONS_REQUESTED:
        messages.info(request, _("Aucune demande de compléments n'attend de réponse sur ce dossier."))
        return redirect("applications:detail", pk=application.pk)
    form = forms.AnswerForm(request.POST or None, initial={"version": application.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.correction_answer(
                actor=request.user,
                application=application,
                answer=form.cleaned_data["answer"],
                expected_version=form.cleaned_data["version"],
                at=timezone.now(),
            )
        except services.ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Votre réponse est transmise à l'UFR."))
            return redirect("applications:detail", pk=application.pk)
    return render(
        request,
        "applications/answer.html",
        {
            "title": _("Répondre à la demande de compléments"),
            "application": application,
            "correction": selectors.open_correction(application),
            "form": form,
        },
    )


# Everyone who may see a file ----------------------------------------------------------------------


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


# Agents -----------------------------------------------------------------------------------------


@login_required
def campaign_index(request):
    _agents_only(request)
    return render(
        request,
        "applications/campaigns.html",
        {
            "title": _("Campagnes de candidature"),
            "campaigns": selectors.campaign_list(scope=request.scope),
            "can_manage": selectors.can_manage_campaigns(request.scope),
        },
    )


@login_required
def campaign_create(request):
    if not selectors.can_manage_campaigns(request.scope):
        raise PermissionDenied
    initial = {"weight_project": 1, "weight_academic": 1, "weight_financial": 1, "status": "draft"}
    form = forms.CampaignForm(request.POST or None, initial=initial, scope=request.scope)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_create(actor=request.user, **form.service_fields())
        except services.ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Campagne créée."))
            return redirect("applications:campaigns")
    return render(request, "applications/campaign_form.html", {"title": _("Nouvelle campagne"), "form": form})


@login_required
def campaign_edit(request, pk):
    campaign = get_object_or_404(selectors.campaign_list(scope=request.scope), pk=pk)
    if request.scope.is_candidate or not selectors.can_manage_campaign(request.scope, campaign):
        raise PermissionDenied
    initial = {
        name: getattr(campaign, name)
        for name in (
            "kind",
            "title",
            "filing_opens_at",
            "filing_deadline",
            "commission_date",
            "weight_project",
            "weight_academic",
            "weight_financial",
            "status",
            "discipline",
        )
    }
    initial.update(
        faculty=campaign.faculty_id,
        region=campaign.region_id,
        academic_year=campaign.academic_year_id,
        filing_opens_at=timezone.localtime(campaign.filing_opens_at),
        filing_deadline=timezone.localtime(campaign.filing_deadline),
    )
    form = forms.CampaignForm(request.POST or None, initial=initial, scope=request.scope)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(actor=request.user, campaign=campaign, **form.service_fields())
        except services.ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Campagne enregistrée."))
            return redirect("applications:campaigns")
    return render(
        request,
        "applications/campaign_form.html",
        {"title": _("Modifier la campagne"), "form": form, "campaign": campaign},
    )


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
    _agents_only(request)
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
    _agents_only(request)
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
    application = _instructed_application(request, pk)
    form = forms.CorrectionForm(request.POST or None, initial={"version": application.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.correction_request(
                actor=request.user,
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
    application = _instructed_application(request, pk)
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
