from django.contrib import admin

from partners.admin_mixins import ReadOnlyAdminMixin
from partners.roles import is_administrator

from . import selectors
from .canonical import HASHED_FIELDS
from .models import Event


@admin.register(Event)
class EventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Events read-only, for administrators: nothing here can add, change or delete one."""

    list_display = [
        "sequence",
        "occurred_at",
        "actor_username",
        "actor_organisation",
        "action",
        "target_label",
    ]
    search_fields = ["actor_username", "action", "target_label"]
    ordering = ["-sequence"]
    show_full_result_count = False
    fields = [name if name != "actor_id" else "actor" for name in HASHED_FIELDS] + ["hash"]
    readonly_fields = fields

    def get_queryset(self, request):
        # The same rule as the audit search: police-only events only for police.
        return (
            selectors.events_visible_to(request.user)
            if is_administrator(request.user)
            else Event.objects.none()
        )

    def has_view_permission(self, request, obj=None):
        return is_administrator(request.user) and super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return is_administrator(request.user) and super().has_module_permission(request)
