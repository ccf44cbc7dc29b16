"""The zoning page: agents look a commune up; an ARS referent imports their region's decree."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from cesp.accounts import roles
from cesp.referentials.selectors import commune_search, zoning_import_list, zoning_stats
from cesp.referentials.services import zoning_import

MAX_ZONING_BYTES = 10 * 1024 * 1024


class ZoningImportForm(DsfrBaseForm):
    file = forms.FileField(
        label="Fichier CSV de l'arrêté de zonage",
        help_text="Format : code_insee,profession,zonage,debut,fin,arrete.",
    )
    reason = forms.CharField(label="Arrêté ou motif", max_length=300)
    close_previous = forms.BooleanField(
        label="Clore les périodes en cours que ce nouvel arrêté remplace", required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_ZONING_BYTES:
            raise forms.ValidationError("Le fichier dépasse 10 Mo.")
        return upload


@login_required
def zoning(request):
    scope = request.scope
    if not roles.is_staff(scope):
        raise PermissionDenied
    can_import = roles.can_import_zoning(scope)
    form = ZoningImportForm(request.POST or None, request.FILES or None)
    errors = None
    if request.method == "POST":
        if not can_import:
            raise PermissionDenied
        if form.is_valid():
            upload = form.cleaned_data["file"]
            result = zoning_import(
                file=upload,
                actor=request.user,
                file_name=upload.name,
                reason=form.cleaned_data["reason"],
                close_previous=form.cleaned_data["close_previous"],
                region_ids=set(scope.region_ids),
            )
            if result.errors:
                errors = result.errors
            else:
                messages.success(
                    request,
                    f"{result.created} période(s) de zonage importée(s), {result.closed} close(s).",
                )
                return redirect("web:zoning")
    today = timezone.localdate()
    query = request.GET.get("q", "").strip()
    return render(
        request,
        "web/zoning.html",
        {
            "title": "Zonage des zones sous-dotées",
            "form": form,
            "can_import": can_import,
            "errors": errors,
            "query": query,
            "communes": commune_search(query=query, on=today),
            "stats": zoning_stats(scope=scope, on=today),
            "imports": zoning_import_list(scope=scope),
            "today": today,
        },
        status=422 if errors else 200,
    )
