from django import forms
from django.contrib import admin
from django.db import transaction

from audit.services import log_event

from .models import CrimeFamily, ImportedMonth


@admin.register(CrimeFamily)
class CrimeFamilyAdmin(admin.ModelAdmin):
    """Administrators group police.uk crime types into the families figures are counted by."""

    list_display = ["name", "slug", "crime_types"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "crime_types"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        def clean_crime_types(self):
            value = self.cleaned_data["crime_types"]
            if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
                raise forms.ValidationError(
                    'Enter a list of police.uk crime types, e.g. ["Robbery", "Drugs"]'
                )
            return value

        form.clean_crime_types = clean_crime_types
        return form

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            log_event(
                action="crimefamily.change" if change else "crimefamily.create",
                actor=request.user,
                target=obj,
                changes={
                    name: [form.initial.get(name), form.cleaned_data.get(name)] for name in form.changed_data
                },
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            log_event(
                action="crimefamily.delete",
                actor=request.user,
                target=obj,
                changes={"name": [obj.name, None]},
            )
            super().delete_model(request, obj)


@admin.register(ImportedMonth)
class ImportedMonthAdmin(admin.ModelAdmin):
    list_display = ["force", "month", "rows", "rows_without_location", "source_name", "imported_at"]
    fields = ["force", "month", "rows", "rows_without_location", "source_name", "imported_at", "imported_by"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
