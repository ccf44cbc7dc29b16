"""Decree pages: public list and detail of published decrees; entry, import and publication by the DGOS."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cesp.accounts.roles import can_manage_decrees
from cesp.decrees import forms, services
from cesp.decrees.models import Decree
from cesp.decrees.selectors import can_edit_decree, decree_line, decree_lines, decree_list, decree_totals


def _manager_only(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request)
    if not can_manage_decrees(request.scope):
        raise PermissionDenied
    return None


def redirect_to_login(request):
    from django.contrib.auth.views import redirect_to_login as django_redirect

    return django_redirect(request.get_full_path())


def decree_index(request):
    return render(
        request,
        "decrees/index.html",
        {
            "title": "Arrêtés de répartition des contrats",
            "decrees": decree_list(scope=request.scope),
            "can_manage": can_manage_decrees(request.scope),
        },
    )


def decree_detail(request, pk):
    decree = get_object_or_404(decree_list(scope=request.scope), pk=pk)
    return render(
        request,
        "decrees/detail.html",
        {
            "title": decree.title,
            "decree": decree,
            "lines": decree_lines(decree=decree),
            "totals": decree_totals(decree=decree),
            "can_edit": can_edit_decree(request.scope, decree),
            "line_form": forms.QuotaLineForm(),
            "import_form": forms.DecreeImportForm(),
            "publish_form": forms.DecreePublishForm(),
        },
    )


def decree_create(request):
    if (denied := _manager_only(request)) is not None:
        return denied
    form = forms.DecreeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decree = services.decree_create(actor=request.user, **form.cleaned_data)
        except services.DecreeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Arrêté créé en brouillon : ajoutez ses lignes ou importez-les.")
            return redirect("decrees:detail", pk=decree.pk)
    return render(request, "decrees/form.html", {"title": "Nouvel arrêté", "form": form})


def _draft_for_manager(request, pk) -> Decree:
    return get_object_or_404(decree_list(scope=request.scope), pk=pk)


@require_POST
@login_required
def line_add(request, pk):
    if (denied := _manager_only(request)) is not None:
        return denied
    decree = _draft_for_manager(request, pk)
    form = forms.QuotaLineForm(request.POST)
    if form.is_valid():
        try:
            services.quota_line_set(
                actor=request.user, role=request.scope.role, decree=decree, **form.cleaned_data
            )
        except services.DecreeError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Ligne enregistrée.")
    else:
        messages.error(
            request, "Ligne refusée : " + " ".join(e for errs in form.errors.values() for e in errs)
        )
    return redirect("decrees:detail", pk=decree.pk)


@require_POST
@login_required
def line_delete(request, pk, line_pk):
    if (denied := _manager_only(request)) is not None:
        return denied
    decree = _draft_for_manager(request, pk)
    line = decree_line(decree=decree, pk=line_pk)
    if line is None:
        raise Http404
    try:
        services.quota_line_delete(actor=request.user, role=request.scope.role, line=line)
    except services.DecreeError as error:
        messages.error(request, str(error))
    return redirect("decrees:detail", pk=decree.pk)


@require_POST
@login_required
def decree_import(request, pk):
    if (denied := _manager_only(request)) is not None:
        return denied
    decree = _draft_for_manager(request, pk)
    form = forms.DecreeImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choisissez un fichier CSV à importer.")
        return redirect("decrees:detail", pk=decree.pk)
    try:
        result = services.decree_import_csv(
            actor=request.user,
            role=request.scope.role,
            decree=decree,
            file=form.cleaned_data["file"],
            reason=form.cleaned_data["reason"],
        )
    except services.DecreeError as error:
        messages.error(request, str(error))
        return redirect("decrees:detail", pk=decree.pk)
    if not result.ok:
        return render(
            request,
            "decrees/import_errors.html",
            {"title": "Import refusé", "decree": decree, "errors": result.errors},
            status=422,
        )
    messages.success(request, f"{result.lines} lignes importées, {result.total} contrats au total.")
    return redirect("decrees:detail", pk=decree.pk)


@require_POST
@login_required
def decree_publish(request, pk):
    if (denied := _manager_only(request)) is not None:
        return denied
    decree = _draft_for_manager(request, pk)
    form = forms.DecreePublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indiquez une date de publication valide.")
        return redirect("decrees:detail", pk=decree.pk)
    try:
        services.decree_publish(
            actor=request.user, role=request.scope.role, decree=decree, **form.cleaned_data
        )
    except services.DecreeError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, "Arrêté publié : il est visible de tous et les propositions de contrat peuvent partir."
        )
    return redirect("decrees:detail", pk=decree.pk)
