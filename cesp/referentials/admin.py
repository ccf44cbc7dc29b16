"""Referentials in the admin, read-only: they come from the data files (``load_referentials``) and
zoning from the audited importer (``services.zoning_import``), never from hand edits."""

from django.contrib import admin

from cesp.core.admin import ReadOnlyAdmin
from cesp.referentials.models import (
    AcademicYear,
    Commune,
    Department,
    Faculty,
    Region,
    Specialty,
    Zoning,
    ZoningImport,
)


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "ars_name"]
    search_fields = ["code", "name", "ars_name"]


@admin.register(Department)
class DepartmentAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["code", "name"]


@admin.register(Commune)
class CommuneAdmin(ReadOnlyAdmin):
    list_display = ["insee_code", "name", "department", "region", "postal_codes"]
    list_filter = ["region"]
    list_select_related = ["department", "region"]
    search_fields = ["insee_code", "name", "postal_codes"]
    show_full_result_count = False


@admin.register(Faculty)
class FacultyAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "discipline", "university", "city", "region"]
    list_filter = ["discipline", "region"]
    list_select_related = ["region"]
    search_fields = ["code", "name", "university", "city", "source_labels"]


@admin.register(Specialty)
class SpecialtyAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "discipline"]
    list_filter = ["discipline"]
    search_fields = ["code", "name"]


@admin.register(AcademicYear)
class AcademicYearAdmin(ReadOnlyAdmin):
    list_display = ["label", "start", "end"]


@admin.register(ZoningImport)
class ZoningImportAdmin(ReadOnlyAdmin):
    list_display = ["imported_at", "file_name", "row_count", "closed_count", "imported_by", "sha256"]
    list_select_related = ["imported_by"]
    search_fields = ["file_name", "sha256"]


@admin.register(Zoning)
class ZoningAdmin(ReadOnlyAdmin):
    list_display = ["commune", "profession", "zone_type", "valid_from", "valid_until", "decree"]
    list_filter = ["profession", "zone_type", "commune__region"]
    list_select_related = ["commune"]
    search_fields = ["commune__insee_code", "commune__name", "decree"]
    raw_id_fields = ["commune", "zoning_import"]
    show_full_result_count = False
