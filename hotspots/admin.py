from django.contrib import admin

from partners.admin_mixins import ReadOnlyAdminMixin

from . import services
from .models import CrimeFamily, ImportedMonth


@admin.register(CrimeFamily)
class CrimeFamilyAdmin(admin.ModelAdmin):
    """Administrators group police.uk crime types into the families figures are counted by.

    Every write goes through the audited services in hotspots.services.
    """

    list_display = ["name", "slug", "crime_types"]
    prepopulated_fields = {"slug": ["name"]}
    fields = services.CRIME_FAMILY_FIELDS

    def get_readonly_fields(self, request, obj=None):
        return ["slug"] if obj is not None and obj.is_headline else []

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None and obj.is_headline else self.prepopulated_fields

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_headline:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # A read-only field is not in the form: it keeps the value it has.
        values = {
            field: form.cleaned_data.get(field, getattr(obj, field)) for field in services.CRIME_FAMILY_FIELDS
        }
        if change:
            services.crime_family_update(actor=request.user, family=obj, **values)
        else:
            obj.pk = services.crime_family_create(actor=request.user, **values).pk

    def delete_model(self, request, obj):
        services.crime_family_delete(actor=request.user, family=obj)

    def delete_queryset(self, request, queryset):
        for family in queryset:
            services.crime_family_delete(actor=request.user, family=family)


@admin.register(ImportedMonth)
class ImportedMonthAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: a month is only ever replaced, by importing it again (an audited service);
    deleting one would take its incidents out of every figure with no audit event."""

    list_display = ["force", "month", "rows", "rows_without_location", "source_name", "imported_at"]
    fields = ["force", "month", "rows", "rows_without_location", "source_name", "imported_at", "imported_by"]
    readonly_fields = fields
