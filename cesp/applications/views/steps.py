"""The step-by-step form of a draft: situation, professional project, financial situation, supporting
documents, then review and submission. Once filed, only the parts a correction request reopens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cesp.applications import forms, selectors, services
from cesp.applications.documents import max_bytes
from cesp.applications.eligibility import eligible_statuses
from cesp.applications.models import ApplicationStatus, DocumentKind, ScanStatus
from cesp.applications.views.guards import candidate_only, own_application

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
NEXT_STEP = dict(zip([s for s, _l in STEPS], [s for s, _l in STEPS[1:]] + [None], strict=True))


def _step_context(application, step):
    correction = (
        selectors.open_correction(application)
        if application.status == ApplicationStatus.CORRECTIONS_REQUESTED
        else None
    )
    return {
        "application": application,
        "steps": STEPS,
        "step": step,
        "step_index": [s for s, _label in STEPS].index(step) + 1,
        "step_count": len(STEPS),
        "step_label": dict(STEPS)[step],
        "next_step": NEXT_STEP[step],
        "correction": correction,
        "editable": services.reopened(application, step, correction)
        if step in STEP_FORMS
        else application.status == ApplicationStatus.DRAFT,
        "editable_kinds": [k for k in DocumentKind.values if services.reopened(application, k, correction)],
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
    candidate_only(request)
    application = own_application(request, pk)
    if step not in dict(STEPS):
        raise Http404
    if application.status not in (ApplicationStatus.DRAFT, ApplicationStatus.CORRECTIONS_REQUESTED):
        messages.info(request, _("Ce dossier est déposé : il ne peut plus être modifié."))
        return redirect("applications:detail", pk=application.pk)
    context = _step_context(application, step)
    if step == "documents":
        return _documents_step(request, application, context)
    if step == "review":
        return _review_step(request, application, context)
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
    return render(
        request,
        "applications/documents.html",
        {
            "title": context["step_label"],
            **context,
            "form": form,
            "documents": selectors.current_documents(application),
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
                role=request.scope.role,
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
    now = timezone.now()
    documents = list(selectors.current_documents(application))
    return render(
        request,
        "applications/review.html",
        {
            "title": context["step_label"],
            **context,
            "form": form,
            "missing": services.submission_gaps(application, at=now, documents=documents),
            "documents": documents,
            # Never "complete" while the antivirus has not answered on a document.
            "scans_pending": [d for d in documents if d.scan_status == ScanStatus.PENDING],
            "deadline_passed": now > application.campaign.filing_deadline,
        },
        status=422 if form.errors else 200,
    )
