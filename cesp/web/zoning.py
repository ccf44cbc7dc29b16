"""The zoning page: agents look a commune up; an ARS referent imports their region's decree."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from cesp.accounts import roles
from cesp.referentials.models import Commune, Zoning, ZoningImport
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


@login_required
def zoning(request):
    scope = request.scope
    if not (scope.is_agent or scope.is_admin):
        raise PermissionDenied
    can_import = roles.can_import_zoning(scope)
    form = ZoningImportForm(request.POST or None, request.FILES or None)
    errors = None
    if request.method == "POST":
        if not can_import:
            raise PermissionDenied
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_ZONING_BYTES:
                form.add_error("file", "Le fichier dépasse 10 Mo.")
            else:
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
    communes = []
    if len(query) >= 2:
        communes = list(
            Commune.objects.filter(
                Q(name__icontains=query) | Q(insee_code=query) | Q(postal_codes__contains=query)
            )
            .select_related("department", "region")
            .order_by("name")[:20]
        )
        in_force = {
            (z.commune_id, z.profession): z
            for z in Zoning.objects.in_force(today).filter(commune__in=communes)
        }
        for commune in communes:
            commune.zonings_today = [z for (cid, _), z in in_force.items() if cid == commune.pk]
    stats_scope = Zoning.objects.in_force(today)
    if not scope.national:
        stats_scope = stats_scope.filter(commune__region_id__in=scope.region_ids)
    stats = (
        stats_scope.values("profession", "zone_type")
        .annotate(total=Count("pk"))
        .order_by("profession", "zone_type")
    )
    imports = (
        ZoningImport.objects.order_by("-pk")[:10]
        if scope.national
        else ZoningImport.objects.filter(
            imported_by__memberships__organisation__region_id__in=scope.region_ids
        )
        .distinct()
        .order_by("-pk")[:10]
    )
    return render(
        request,
        "web/zoning.html",
        {
            "title": "Zonage des zones sous-dotées",
            "form": form,
            "can_import": can_import,
            "errors": errors,
            "query": query,
            "communes": communes,
            "stats": stats,
            "imports": imports,
            "today": today,
        },
        status=422 if errors else 200,
    )
