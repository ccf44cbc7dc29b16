from django.contrib import admin

from cesp.core.models import AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """Workflow records change only through services (which audit them), never through the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "object_repr", "reason"]
    list_filter = ["action"]
    search_fields = ["object_repr", "actor__email", "reason"]
