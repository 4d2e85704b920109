from django.contrib import admin

from proposals.models import ChangeRequest, ChangeRequestEvent, PortalArea, Position


@admin.register(PortalArea)
class PortalAreaAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position", "is_active")
    list_editable = ("position", "is_active")
    prepopulated_fields = {"slug": ("name",)}


class EventInline(admin.TabularInline):
    model = ChangeRequestEvent
    extra = 0
    can_delete = False
    readonly_fields = ("transition", "from_status", "to_status", "actor", "reason", "created_at")


@admin.register(ChangeRequest)
class ChangeRequestAdmin(admin.ModelAdmin):
    """Read-only here: every change goes through proposals.services."""

    list_display = ("title", "college", "area", "status", "support_count", "created_at")
    list_filter = ("status", "college", "area")
    search_fields = ("title",)
    inlines = [EventInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ("title", "college", "status", "created_at")
    list_filter = ("status", "college")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
