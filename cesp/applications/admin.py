from django.contrib import admin

from cesp.applications.models import (
    Application,
    ApplicationTransition,
    Campaign,
    CorrectionRequest,
    SupportingDocument,
)
from cesp.core.admin import ReadOnlyAdmin


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "kind", "academic_year", "filing_deadline", "commission_date", "status"]
    list_filter = ["kind", "status", "academic_year"]
    list_select_related = ["faculty", "region", "academic_year"]


class TransitionInline(admin.TabularInline):
    model = ApplicationTransition
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "actor", "at", "reason"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "campaign", "status", "submitted_at", "version"]
    list_filter = ["status", "status_at_signature"]
    list_select_related = ["candidate", "campaign", "campaign__faculty", "campaign__academic_year"]
    search_fields = ["candidate__email", "candidate__last_name"]
    inlines = [TransitionInline]


@admin.register(SupportingDocument)
class SupportingDocumentAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "application", "content_type", "size", "scan_status", "uploaded_at"]
    list_select_related = ["application__candidate"]  # a file's name shows its candidate
    list_filter = ["kind", "scan_status"]
    exclude = ["file"]  # served only through the scoped download view


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "requested_by", "answered_at"]
