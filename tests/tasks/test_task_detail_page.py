"""The task page: what the task is, its evidence for those who may see it, and its forms."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories


def test_the_assigned_partner_sees_the_forms_and_the_evidence(world, client_for):
    factories.make_attachment(world.task, world.users["partner_on"], name="rota.pdf")
    page = client_for(world.users["partner_on"]).get(f"/tasks/{world.task.pk}/").content.decode()
    assert "rota.pdf" in page and "Update the task" in page and "Add evidence" in page
    assert "Edit the task" not in page


def test_another_organisation_on_the_plan_reads_it_but_has_no_forms(world, client_for):
    page = client_for(world.users["partner_on"]).get(f"/tasks/{world.other_org_task.pk}/").content.decode()
    assert world.other_org_task.title in page
    assert "Update the task" not in page and "/start/" not in page


def test_the_owner_sees_edit_reassign_and_cancel(world, client_for):
    page = client_for(world.users["owner"]).get(f"/tasks/{world.task.pk}/").content.decode()
    for link in ("/edit/", "/reassign/", "/cancel/"):
        assert f"/tasks/{world.task.pk}{link}" in page


def test_a_manager_may_edit_but_not_cancel(world, client_for):
    page = client_for(world.users["manager"]).get(f"/tasks/{world.task.pk}/").content.decode()
    assert f"/tasks/{world.task.pk}/edit/" in page and f"/tasks/{world.task.pk}/cancel/" not in page


def test_the_query_count_does_not_move_with_more_evidence(world, client_for, django_assert_max_num_queries):
    client = client_for(world.users["partner_on"])
    factories.make_attachment(world.task, world.users["partner_on"])
    with CaptureQueriesContext(connection) as small:
        client.get(f"/tasks/{world.task.pk}/")
    for _ in range(10):
        factories.make_attachment(world.task, world.users["partner_on"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(f"/tasks/{world.task.pk}/")
    # 13, and 2 for its consultation: the chain head, and the event's INSERT.
    assert len(small.captured_queries) <= 15


def test_a_task_on_an_ended_plan_offers_no_evidence_upload_and_refuses_one(world, client_for):
    from plans.models import Plan, Stage
    from tests.tasks._files import GOOD, upload

    Plan.objects.filter(pk=world.plan.pk).update(state=Stage.WITHDRAWN)
    client = client_for(world.users["partner_on"])
    page = client.get(f"/tasks/{world.task.pk}/").content.decode()
    assert "can no longer change" in page and "Add evidence" not in page
    response = client.post(
        f"/tasks/{world.task.pk}/evidence/", {"evidence": upload("late.pdf", GOOD["log.pdf"])}
    )
    assert "take no more evidence" in response.content.decode()
    assert not world.task.attachments.exists()
