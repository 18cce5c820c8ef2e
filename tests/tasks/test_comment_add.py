"""Comments on a plan: shared with partners or police-only."""

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import Event
from plans.comment_services import comment_add
from plans.models import Comment


def test_a_partner_posts_a_shared_comment(world, client_for):
    response = client_for(world.users["partner_on"]).post(
        f"/plans/{world.plan.pk}/comments/add/", {"body": "Pastors out from 22:00"}
    )
    assert response.status_code == 302
    comment = Comment.objects.get(body="Pastors out from 22:00")
    assert not comment.police_only and comment.author == world.users["partner_on"]
    assert Event.objects.get(action="comment.add").police_only is False


def test_a_partner_posting_police_only_gets_a_shared_comment(world, client_for):
    client_for(world.users["partner_on"]).post(
        f"/plans/{world.plan.pk}/comments/add/", {"body": "Trying", "police_only": "on"}
    )
    assert Comment.objects.get(body="Trying").police_only is False


def test_the_service_refuses_a_police_only_comment_from_a_partner(world):
    with pytest.raises(PermissionDenied):
        comment_add(actor=world.users["partner_on"], plan=world.plan, body="x", police_only=True)
    assert Event.objects.filter(action="comment.add.refused").count() == 1


def test_police_post_a_police_only_comment_and_its_event_is_police_only(world, client_for):
    client_for(world.users["officer2"]).post(
        f"/plans/{world.plan.pk}/comments/add/", {"body": "Informant named", "police_only": "on"}
    )
    assert Comment.objects.get(body="Informant named").police_only
    assert Event.objects.get(action="comment.add").police_only is True


def test_a_partner_never_sees_a_police_only_comment(world, client_for):
    page = client_for(world.users["partner_on"]).get(f"/plans/{world.plan.pk}/tasks/").content.decode()
    assert world.shared_comment.body in page
    assert world.police_comment.body not in page
    assert "Police only" not in page


def test_police_see_both(world, client_for):
    page = client_for(world.users["manager"]).get(f"/plans/{world.plan.pk}/tasks/").content.decode()
    assert world.shared_comment.body in page and world.police_comment.body in page


def test_a_partner_not_on_the_plan_gets_404(world, client_for):
    response = client_for(world.users["partner_off"]).post(
        f"/plans/{world.plan.pk}/comments/add/", {"body": "x"}
    )
    assert response.status_code == 404
    assert not Comment.objects.filter(body="x").exists()


def test_an_empty_comment_shows_an_error(world, client_for):
    response = client_for(world.users["partner_on"]).post(
        f"/plans/{world.plan.pk}/comments/add/", {"body": " "}
    )
    assert "Enter your comment" in response.content.decode()
