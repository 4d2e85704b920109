from django.contrib import admin

from club.core.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read only: the log is written by `club.core.audit.services.record` and never edited."""

    list_display = ("sequence", "created_at", "action", "actor_label", "target_label")
    list_filter = ("action",)
    search_fields = ("action", "actor_label", "target_label")
    list_select_related = ("target_type",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
