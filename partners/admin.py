from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import api_client_services, mfa_services, services
from .admin_mixins import ReadOnlyAdminMixin
from .models import ApiClient, Membership, Organisation
from .roles import Role


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


# Accounts. A user's groups are their global role and their organisations' rights, so every
# change here is a permission grant or revoke: it goes through the audited services.

ROLE_NAMES = [role.value for role in Role]

admin.site.unregister(get_user_model())
admin.site.unregister(Group)
# Second factors change only through partners.mfa_services (audited): the reset action below.
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


@admin.register(get_user_model())
class UserAdmin(auth_admin.UserAdmin):
    """Django's user admin, with every save and password change audited; users are never deleted.

    An administrator gives roles; only a superuser makes a superuser, gives a permission
    directly or changes a superuser's account (else an administrator could make themselves one,
    or take over one by setting its password). An organisation's group follows its memberships
    (the membership admin), so the form offers the role groups only and keeps the others.
    """

    actions = ["reset_second_factor"]

    @admin.action(description="Reset second factor (they set up their app again at next sign-in)")
    def reset_second_factor(self, request, queryset):
        done = []
        for user in queryset:
            try:
                mfa_services.mfa_reset(actor=request.user, user=user)
            except PermissionDenied as refused:
                self.message_user(request, f"{user.get_username()}: {refused}", messages.ERROR)
            else:
                done.append(user.get_username())
        if done:
            self.message_user(request, f"Second factor reset for {', '.join(done)}.", messages.SUCCESS)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if not request.user.is_superuser:
            fields = (*fields, "is_superuser", "user_permissions")
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = Group.objects.filter(name__in=ROLE_NAMES).order_by("name")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        groups = data.get("groups")
        if groups is not None and change:
            groups = [*groups, *obj.groups.exclude(name__in=ROLE_NAMES)]
        saved = services.user_save(
            actor=request.user,
            user=obj,
            groups=groups,
            user_permissions=data.get("user_permissions"),
        )
        obj.pk = saved.pk

    def save_related(self, request, form, formsets, change):
        # Groups and direct permissions were saved by user_save, inside its event.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    @method_decorator(sensitive_post_parameters())
    def user_change_password(self, request, id, form_url=""):
        if request.method != "POST":
            return super().user_change_password(request, id, form_url)
        with transaction.atomic():
            user = self.get_object(request, unquote(id))  # None for no such user: Django's 404
            before = user.password if user is not None else None
            response = super().user_change_password(request, id, form_url)
            if user is not None:
                user.refresh_from_db(fields=["password"])
                if user.password != before:
                    services.user_password_record(actor=request.user, user=user)
        return response

    def has_delete_permission(self, request, obj=None):
        # Accounts are deactivated, never deleted: plans, tasks and the audit trail name them.
        return False


@admin.register(Group)
class GroupAdmin(ReadOnlyAdminMixin, auth_admin.GroupAdmin):
    """Groups are read-only here: the role groups' permissions are set in code
    (partners.roles.ROLE_PERMISSIONS, on every migrate) and each organisation's group by
    organisation_create; rights on plans and tasks are granted to groups by the audited services."""


@admin.register(ApiClient)
class ApiClientAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Registered with `manage.py create_api_client` (which prints the token once); revoked here,
    through the audited service. Nothing else about a client changes."""

    list_display = ["name", "organisation", "role", "scopes", "expires_at", "revoked_at"]
    list_filter = ["organisation", "revoked_at"]
    fields = ["name", "organisation", "role", "scopes", "key_id", "expires_at", "revoked_at", "created_by"]
    actions = ["revoke"]

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("partners.view_organisation")

    @admin.action(description="Revoke the chosen API clients (their next call is refused)")
    def revoke(self, request, queryset):
        done = 0
        for client in queryset.filter(revoked_at__isnull=True):
            try:
                api_client_services.api_client_revoke(
                    actor=request.user, client=client, reason="Revoked in the admin"
                )
            except PermissionDenied as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return
            done += 1
        self.message_user(request, f"Revoked {done} API client{'s' if done != 1 else ''}", messages.SUCCESS)
