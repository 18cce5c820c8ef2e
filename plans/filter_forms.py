"""The plan list's filters and sort: read from the query string, a bad value left out and said."""

from django import forms
from django.http import QueryDict
from django.utils.safestring import SafeString

from hotspots.models import Area
from partners.forms import GovukFormMixin, ModelChoiceField
from partners.markup import html
from partners.models import POLICE_KINDS, Organisation

from . import selectors
from .models import Plan, Stage


class ListedChoiceField(ModelChoiceField):
    """A record filter whose options are read as a few columns, not made into records: the
    list's organisations (200 at full scale) cost more as records than the plans shown.
    `words` names an option from its `columns`, for the options and the chosen record alike."""

    columns = ("name",)

    def words(self, name):
        return name

    def label_from_instance(self, obj):
        return self.words(*(getattr(obj, column) for column in self.columns))

    def options(self) -> list[tuple]:
        rows = self.queryset.values_list("pk", *self.columns)
        return [("", self.empty_label), *((pk, self.words(*values)) for pk, *values in rows)]


class OwnerFilterField(ListedChoiceField):
    columns = ("first_name", "last_name", "username")

    def __init__(self, **kwargs):
        super().__init__(queryset=selectors.officers(), required=False, empty_label="Anyone", **kwargs)

    def words(self, first_name, last_name, username):
        # User.get_full_name, or else the username.
        return f"{first_name} {last_name}".strip() or username


class OwnerListFilterField(OwnerFilterField):
    """The list's owner filter: any officer (OwnerFilterField refuses an out-of-range id)."""


# The list's columns a user may sort by: the query's name for each, and the header's words.
PLAN_SORTS = {
    "reference": "Reference",
    "title": "Title",
    "area": "Area",
    "stage": "Stage",
    "owner": "Owner",
    "priority": "Priority",
    "review": "Next review",
}


OPTION = '<option value="{}">{}</option>'
OPTION_SELECTED = '<option value="{}" selected>{}</option>'


class PlanFilterForm(GovukFormMixin, forms.Form):
    """The list filters, sent as a GET query: bad values are ignored, never an error page."""

    q = forms.CharField(
        required=False,
        max_length=200,
        label="Search",
        help_text="Reference, title, place or area",
    )
    stage = forms.ChoiceField(choices=[("", "Any stage"), *Stage.choices], required=False, label="Stage")
    area = ListedChoiceField(
        queryset=Area.objects.only("pk", "name").order_by("name"),  # not the shape, when one is chosen
        required=False,
        empty_label="Any area",
        label="Area",
    )
    owner = OwnerListFilterField(label="Owner")
    organisation = ListedChoiceField(
        queryset=Organisation.objects.filter(is_active=True).exclude(kind__in=POLICE_KINDS),
        required=False,
        empty_label="Any organisation",
        label="Partner organisation",
    )
    priority = forms.ChoiceField(
        choices=[("", "Any priority"), *Plan.Priority.choices], required=False, label="Priority"
    )
    overdue = forms.BooleanField(required=False, label="Review overdue")
    # Police only: a closure request is police business (the selector ignores it for anyone else).
    closure = forms.BooleanField(required=False, label="Closure requested")
    sort = forms.ChoiceField(choices=[("", "Default"), *PLAN_SORTS.items()], required=False, label="Sort")
    order = forms.ChoiceField(
        choices=[("", "Default"), ("asc", "Ascending"), ("desc", "Descending")], required=False, label="Order"
    )

    # Filters that narrow the list (sort and order only arrange it).
    NARROWING = ("q", "stage", "area", "owner", "organisation", "priority", "overdue", "closure")

    def query(self) -> QueryDict:
        """The query this form was sent, as a copy to change (empty when it was not sent)."""
        query = QueryDict(mutable=True)
        if self.is_bound:
            for name, values in self.data.lists():
                query.setlist(name, values)
        return query

    def criteria(self) -> dict:
        """The selector's keyword arguments: each valid filter, the bad ones left out."""
        data = self.cleaned_data if self.is_bound else {}
        return {
            "search": (data.get("q") or "").strip(),
            "stage": data.get("stage") or "",
            "area_id": data["area"].pk if data.get("area") else None,
            "owner_id": data["owner"].pk if data.get("owner") else None,
            "organisation_id": data["organisation"].pk if data.get("organisation") else None,
            "priority": data.get("priority") or "",
            "overdue": bool(data.get("overdue")),
            "closure_requested": bool(data.get("closure")),
            "sort": data.get("sort") or "",
            "descending": data.get("order") == "desc",
        }

    SELECTS = ("stage", "area", "owner", "organisation", "priority")

    def selects(self) -> list[dict]:
        """The drop-down filters, each with its options already written as markup, the chosen
        one selected: Django's widget templates, or a template loop over 250 options, cost more
        than the rest of the list page."""
        chosen = self.data if self.is_bound else {}
        rows = []
        for name in self.SELECTS:
            field, value = self.fields[name], str(chosen.get(name, ""))
            choices = field.options() if isinstance(field, ListedChoiceField) else field.choices
            rows.append(
                {
                    "name": name,
                    "id": f"id_{name}",
                    "label": field.label,
                    "options": SafeString(
                        "".join(
                            html(OPTION_SELECTED if str(key) == value else OPTION, key, words)
                            for key, words in choices
                        )
                    ),
                }
            )
        return rows

    def ignored(self) -> list[str]:
        """The labels of the filters whose values were not valid (and so were not applied)."""
        return [self.fields[name].label for name in self.errors] if self.is_bound else []

    def active(self) -> list[dict]:
        """Each applied filter in words, with the query that removes it (a link back to the list)."""
        if not self.is_bound:
            return []
        data, shown = self.cleaned_data, []
        for name in self.NARROWING:
            value = data.get(name)
            if not value or name in self.errors:
                continue
            field = self.fields[name]
            if name == "q":
                words = f"“{value}”"
            elif name in ("overdue", "closure"):
                words = "Yes"
            elif isinstance(field, forms.ModelChoiceField):
                words = field.label_from_instance(value)
            else:
                words = dict(field.choices).get(value, value)
            rest = self.query()
            rest.pop(name, None)
            rest.pop("page", None)
            shown.append({"label": field.label, "value": words, "remove_query": rest.urlencode()})
        return shown
