"""A partner lead guessing the id of another organisation's plan, task, attachment or comment gets 404."""

import pytest

from plans.models import Comment
from tests import factories


@pytest.fixture
def wardens_client(world, client_for):
    return client_for(world.users["partner_off"])  # City Street Wardens: not on world.plan


def test_another_plans_pages_are_404(world, wardens_client):
    for url in (
        f"/plans/{world.plan.pk}/tasks/",
        f"/plans/{world.plan.pk}/tasks/new/",
        f"/plans/{world.plan.pk}/partners/add/",
        f"/plans/{world.plan.pk}/comments/add/",
    ):
        assert wardens_client.get(url).status_code == 404, url


def test_another_plans_tasks_are_404_for_every_action(world, wardens_client):
    for action in (
        "",
        "edit/",
        "reassign/",
        "start/",
        "block/",
        "resume/",
        "complete/",
        "cancel/",
        "evidence/",
    ):
        url = f"/tasks/{world.task.pk}/{action}"
        assert wardens_client.get(url).status_code == 404, url
        if action:  # the task page itself is GET only
            assert wardens_client.post(url, {"reason": "x", "note": "x"}).status_code == 404, url


def test_an_attachment_of_another_organisation_is_404(world, client_for):
    pastors_file = factories.make_attachment(world.task, world.users["partner_on"])
    bid_file = factories.make_attachment(world.other_org_task, world.users["owner"])
    assert client_for(world.users["partner_off"]).get(f"/attachments/{pastors_file.pk}/").status_code == 404
    assert client_for(world.users["partner_on"]).get(f"/attachments/{bid_file.pk}/").status_code == 404


def test_commenting_on_another_plan_is_404_and_its_comments_never_show(world, wardens_client):
    assert wardens_client.post(f"/plans/{world.plan.pk}/comments/add/", {"body": "x"}).status_code == 404
    assert not Comment.objects.filter(body="x").exists()
    page = wardens_client.get(f"/plans/{world.other_plan.pk}/tasks/").content.decode()
    assert world.shared_comment.body not in page


def test_ids_that_do_not_exist_are_404_too(world, wardens_client):
    assert wardens_client.get("/tasks/999999/").status_code == 404
    assert wardens_client.get("/attachments/999999/").status_code == 404
