"""Campaigns, for the agents: the list, and for UFR agents and ARS referents (and administrators)
the creation and edition of their own; a change of status follows ``workflows.CAMPAIGN``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cesp.applications import forms, selectors, services
from cesp.applications.views.guards import staff_only


@login_required
def campaign_index(request):
    staff_only(request)
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
            services.campaign_create(actor=request.user, role=request.scope.role, **form.service_fields())
        except services.ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Campagne créée."))
            return redirect("applications:campaigns")
    return render(request, "applications/campaign_form.html", {"title": _("Nouvelle campagne"), "form": form})


@login_required
def campaign_edit(request, pk):
    campaign = get_object_or_404(selectors.campaign_list(scope=request.scope), pk=pk)
    if not selectors.can_manage_campaign(request.scope, campaign):
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
            services.campaign_update(
                actor=request.user, role=request.scope.role, campaign=campaign, **form.service_fields()
            )
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
