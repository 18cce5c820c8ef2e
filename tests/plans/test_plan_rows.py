"""The plan list's rows drawn in Python (plans.plan_row_markup) are the rows its template drew."""

import datetime
import re

import pytest
from django.template import engines
from django.utils import timezone

from hotspots.models import Area
from plans.models import Plan, Stage
from plans.plan_row_markup import plan_rows
from tests import factories

pytestmark = pytest.mark.django_db

# The rows as templates/plans/list.html wrote them before they were drawn in Python.
TEMPLATE_ROWS = """{% load plan_tags %}{% for plan in plans %}
    <tr class="govuk-table__row">
      <td class="govuk-table__cell"><a class="govuk-link" href="/plans/{{ plan.pk }}/">{{ plan.reference }}</a></td>
      <td class="govuk-table__cell">{{ plan.title }}<br><span class="govuk-body-s">{{ plan.hotspot_name }}</span></td>
      <td class="govuk-table__cell">{{ plan.area.name|default:"None" }}</td>
      <td class="govuk-table__cell"><strong class="govuk-tag {{ plan.state|stage_tag }}">{{ plan.get_state_display }}</strong></td>
      <td class="govuk-table__cell">{{ plan.owner.first_name }} {{ plan.owner.last_name }}</td>
      <td class="govuk-table__cell">{{ plan.get_priority_display }}</td>
      <td class="govuk-table__cell">{% if plan.is_open %}{{ plan.next_review_date|date:"j M Y" }}{% else %}<span class="govuk-visually-hidden">None: the plan is {{ plan.get_state_display|lower }}</span>{% endif %}{% if plan.review_overdue %} <strong class="govuk-tag govuk-tag--red">Overdue</strong>{% endif %}</td>
    </tr>
    {% endfor %}"""


def _squeezed(markup: str) -> str:
    return re.sub(r">\s+<", "><", markup).strip()


def test_the_rows_are_the_templates_rows_for_every_kind_of_plan(world):
    owner = world.users["owner"]
    today = timezone.localdate()
    square = Area.objects.get(pk=world.area.pk).geometry
    odd_area = Area.objects.create(name="Bars & <Clubs>", geometry=square)
    factories.make_plan(owner=owner, title='Fights "outside" <Bar> & Grill', hotspot_name="Market & Row")
    factories.make_plan(
        owner=owner, title="Overdue", next_review_date=today - datetime.timedelta(days=3), area=odd_area
    )
    factories.make_plan(owner=owner, title="Closed", state=Stage.CLOSED)
    factories.make_plan(owner=owner, title="Withdrawn", state=Stage.WITHDRAWN, area=world.area)
    plans = list(Plan.objects.select_related("owner", "area").order_by("pk"))
    assert len(plans) >= 5
    before = engines["django"].from_string(TEMPLATE_ROWS).render({"plans": plans})
    drawn = plan_rows(plans)
    assert _squeezed(drawn) == _squeezed(before)
    assert "&lt;Bar&gt; &amp; Grill" in drawn and "Bars &amp; &lt;Clubs&gt;" in drawn
    assert "Overdue</strong>" in drawn and "None: the plan is closed" in drawn


def test_the_list_draws_its_rows_without_a_query_a_row(world, client_for, django_assert_max_num_queries):
    browser = client_for(world.users["manager"])
    for n in range(30):
        factories.make_plan(owner=world.users["owner"], title=f"Plan {n}", area=world.area)
    with django_assert_max_num_queries(14):
        html = browser.get("/plans/").content.decode()
    assert (
        html.count(
            '<tr class="govuk-table__row"><td class="govuk-table__cell"><a class="govuk-link" href="/plans/'
        )
        >= 30
    )
