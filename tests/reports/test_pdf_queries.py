"""The report and its export page read the database a fixed number of times, however big the plan."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import Comment
from reports import pdf, plan_pdf
from tests import factories


def grow(world, pastors_org, bid_org, times):
    for n in range(times):
        response = factories.make_response(world.plan, pastors_org)
        factories.make_task(world.plan, pastors_org, response=response, title=f"Task {n}")
        factories.make_task(world.plan, bid_org, title=f"Loose task {n}")
        factories.make_objective(world.plan)
        factories.make_source(world.plan)
        Comment.objects.create(plan=world.plan, author=world.users["owner"], body=f"Comment {n}")


def count_context_queries(world, user, partner_version):
    with CaptureQueriesContext(connection) as queries:
        context = plan_pdf.plan_report_context(plan=world.plan, user=user, partner_version=partner_version)
        pdf.render_html(template="reports/pdf/plan_report.html", context=context, title="t")
    return len(queries)


def test_it_reads_the_plan_report_in_a_fixed_number_of_queries(world, pastors_org, bid_org):
    grow(world, pastors_org, bid_org, 2)
    small = count_context_queries(world, world.users["owner"], False)
    small_partner = count_context_queries(world, world.users["partner_on"], True)
    grow(world, pastors_org, bid_org, 20)
    assert count_context_queries(world, world.users["owner"], False) == small
    assert count_context_queries(world, world.users["partner_on"], True) == small_partner
    assert small <= 16  # 15, and one for the count of consultations in the audit summary


def test_it_pins_the_export_form_query_count(world, client_for, django_assert_max_num_queries):
    client = client_for(world.users["partner_on"])
    url = reverse("reports:plan_report_pdf", kwargs={"pk": world.plan.pk})
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_it_pins_the_programme_form_query_count(world, client_for, django_assert_max_num_queries):
    client = client_for(world.users["manager"])
    with django_assert_max_num_queries(10):
        assert client.get(reverse("reports:programme_report_pdf")).status_code == 200
