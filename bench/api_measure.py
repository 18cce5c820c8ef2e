"""The API's measurements (issue 26): the API's plan list and plan detail against the same
pages in HTML, each as the same kind of user (a manager's client and the manager; an officer's
client and the plan's owner), on the built programme. Goal: the API no slower than the page."""

import uuid

from django.test import override_settings


def _api_getter(token: str, url: str):
    from django.test import Client

    client = Client()
    headers = {"Authorization": f"Bearer {token}"}

    def get():
        response = client.get(url, headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
        return response

    return get


def _token(w, role: str) -> str:
    """A client registered for the police organisation of the measurement's user (a fresh name:
    the benchmark database is kept between runs)."""
    import datetime

    from django.utils import timezone

    from partners import api_client_services
    from partners.roles import organisation_of

    user = w.manager if role == "manager" else w.owner
    _, token = api_client_services.api_client_create(
        actor=w.admin,
        organisation=organisation_of(user),
        name=f"Bench {role} {uuid.uuid4().hex[:8]}",
        role=role,
        scopes=["read"],
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    return token


def _measure(w, role, api_url, page_user, page_url) -> dict:
    from .measure import compare, count_queries, getter, logged_in_client

    with override_settings(API_RATE_LIMIT="1000000/min"):
        subject = _api_getter(_token(w, role), api_url)
        baseline = getter(logged_in_client(page_user), page_url)
        result = compare(subject, baseline, repeat=w.repeat, inner=3)
        result["queries"] = {"subject": count_queries(subject), "baseline": count_queries(baseline)}
    result["detail"] = {"subject": api_url, "baseline": page_url}
    return result


def m_api_plan_list(w) -> dict:
    from django.urls import reverse

    result = _measure(w, "manager", reverse("api:plan_list"), w.manager, reverse("plans:list"))
    result["detail"]["note"] = "a manager's client against the manager's page, 50 plans each"
    return result


def m_api_plan_detail(w) -> dict:
    from django.urls import reverse

    result = _measure(
        w,
        "officer",
        reverse("api:plan_detail", args=[w.detail_plan_id]),
        w.owner,
        reverse("plans:detail", args=[w.detail_plan_id]),
    )
    result["detail"]["note"] = "an officer's client against the plan's owner's page"
    return result


MEASURE = {"api_plan_list": m_api_plan_list, "api_plan_detail": m_api_plan_detail}
