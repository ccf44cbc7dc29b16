"""The role-aware home pages, the organisation page and object histories."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone

from cesp.accounts.models import Organisation
from cesp.accounts.roles import MEMBERSHIP_ROLES, Role
from cesp.accounts.selectors import membership_list_for_user, organisation_members
from cesp.core.history import history_for
from cesp.core.navigation import tiles_for

RECENT_EVENTS = 20  # on the organisation page; the history page shows them all

HOME_TEMPLATES = {
    Role.CANDIDATE: "web/home_candidate.html",
    Role.ADMIN: "web/home_admin.html",
    **dict.fromkeys(MEMBERSHIP_ROLES, "web/home_agent.html"),
}


def home(request):
    scope = request.scope
    if scope.is_anonymous:
        return render(request, "web/home_public.html", {"title": "Accueil"})
    context = {
        "title": "Mon espace",
        "memberships": membership_list_for_user(user=request.user),
        "membership": request.current_membership,
        "tiles": tiles_for(scope.role),
    }
    return render(request, HOME_TEMPLATES[scope.role], context)


@login_required
def organisation_detail(request):
    """The agent's current organisation: its territory, its members, its recent history."""
    scope = request.scope
    if not scope.is_agent:
        raise PermissionDenied
    found = history_for(
        label=Organisation._meta.label_lower, pk=scope.organisation_id, scope=scope, limit=RECENT_EVENTS
    )
    if found is None:
        raise Http404("Organisation introuvable.")
    organisation, events = found
    context = {
        "title": str(organisation),
        "organisation": organisation,
        "members": organisation_members(scope=scope, organisation=organisation),
        "events": events,
    }
    return render(request, "web/organisation.html", context)


@login_required
def object_history(request, label, pk):
    """The audit history of any object the user may see; a forbidden object is a missing one."""
    if request.scope.is_candidate:
        raise PermissionDenied
    found = history_for(label=label, pk=pk, scope=request.scope)
    if found is None:
        raise Http404("Objet introuvable.")
    obj, events = found
    return render(
        request, "web/history.html", {"title": f"Historique — {obj}", "object": obj, "events": events}
    )


def accessibility(request):
    return render(request, "web/accessibility.html", {"title": "Accessibilité : non conforme"})


def legal_notice(request):
    return render(request, "web/legal_notice.html", {"title": "Mentions légales"})


def personal_data(request):
    return render(request, "web/personal_data.html", {"title": "Données personnelles"})


def simulator(request):
    """Public simulator: GET only, so that a simulation can be bookmarked or shared."""
    from cesp.rules import ScenarioError, parameters
    from cesp.web import simulator as sim

    today = timezone.localdate()
    # The limits the form offers and the figures quoted in the page's own text come from the
    # parameters in force today.
    form = sim.SimulatorForm(request.GET or None, initial=sim.INITIAL, on=today)
    context = {"title": "Simulateur du CESP", "form": form, "law": parameters(today)}
    if form.is_bound and form.is_valid():
        try:
            projection = sim.project(form.cleaned_data)
        except ScenarioError as error:
            context["rule_errors"] = sim.errors_for_form(form, error)
        else:
            context.update(
                projection=projection,
                result=projection.result,
                timeline=sim.timeline_geometry(projection.segments),
                years=sim.schedule_by_year(projection.result["allowance"]["schedule"]),
                explanations=sim.labelled(projection.result["explanations"]),
                breach_explanations=sim.labelled(
                    projection.breach["explanations"] if projection.breach else [],
                    prefix="amount_due",
                    exclude="",
                ),
            )
    return render(request, "web/simulator.html", context)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: the state's Marianne, as django-dsfr ships it."""
    return HttpResponsePermanentRedirect(static("dsfr/dist/favicon/favicon.ico"))
