from django.contrib import admin

from . import services
from .models import Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role"]
    autocomplete_fields = ["user"]

    def has_change_permission(self, request, obj=None):
        # Membership changes go through the audited services, from the membership admin.
        return False

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    fields = ["name", "kind", "is_active"]
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        if change:
            services.organisation_update(
                actor=request.user, organisation=obj, name=obj.name, kind=obj.kind, is_active=obj.is_active
            )
        else:
            created = services.organisation_create(
                actor=request.user, name=obj.name, kind=obj.kind, is_active=obj.is_active
            )
            obj.pk = created.pk

    def has_delete_permission(self, request, obj=None):
        # Organisations are deactivated, never deleted: plans and the audit trail refer to them.
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["organisation", "role"]
    search_fields = ["user__username", "organisation__name"]
    fields = ["user", "organisation", "role"]
    autocomplete_fields = ["user"]

    def get_readonly_fields(self, request, obj=None):
        return ["user", "organisation"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            services.membership_change_role(actor=request.user, membership=obj, role=obj.role)
        else:
            created = services.membership_add(
                actor=request.user, user=obj.user, organisation=obj.organisation, role=obj.role
            )
            obj.pk = created.pk

    def delete_model(self, request, obj):
        services.membership_remove(actor=request.user, membership=obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset:
            services.membership_remove(actor=request.user, membership=membership)
