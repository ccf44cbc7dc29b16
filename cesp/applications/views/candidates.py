"""The candidate's pages: their files and the campaigns open to them, starting a file, withdrawing
it, answering a correction request, withdrawing a document."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cesp.applications import forms, selectors, services
from cesp.applications.models import ApplicationStatus
from cesp.applications.views.guards import candidate_only, own_application


@login_required
def my_applications(request):
    candidate_only(request)
    home = selectors.candidate_home(scope=request.scope, user=request.user, at=timezone.now())
    return render(
        request,
        "applications/mine.html",
        {
            "title": _("Mes candidatures au CESP"),
            "applications": home.applications,
            "campaigns": home.campaigns,
        },
    )


@require_POST
@login_required
def application_start(request, campaign_pk):
    candidate_only(request)
    campaign = get_object_or_404(
        selectors.open_campaigns(scope=request.scope, at=timezone.now()), pk=campaign_pk
    )
    try:
        application = services.application_start(candidate=request.user, campaign=campaign, at=timezone.now())
    except services.ApplicationError as error:
        messages.error(request, str(error))
        return redirect("applications:mine")
    return redirect("applications:step", pk=application.pk, step="situation")


@require_POST
@login_required
def document_remove(request, pk):
    candidate_only(request)
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
    candidate_only(request)
    application = own_application(request, pk)
    form = forms.WithdrawForm(request.POST or None, initial={"version": application.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(
                actor=request.user,
                role=request.scope.role,
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
    candidate_only(request)
    application = own_application(request, pk)
    if application.status != ApplicationStatus.CORRECTIONS_REQUESTED:
        messages.info(request, _("Aucune demande de compléments n'attend de réponse sur ce dossier."))
        return redirect("applications:detail", pk=application.pk)
    form = forms.AnswerForm(request.POST or None, initial={"version": application.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.correction_answer(
                actor=request.user,
                role=request.scope.role,
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
