"""URL matrix rows for the API (config/api_urls.py).

The pages' personas carry a session, which the API never reads: every endpoint answers 401
(with a problem) to each of them, signed in or not, and a POST writes nothing. What each
client sees through its token is the API's own matrix, tests/api/test_matrix.py. The schema
and its docs page are public (they describe the endpoints, not the data)."""

from tests.world import PERSONA_KEYS

NO_SESSION = dict.fromkeys(PERSONA_KEYS, 401)
PUBLIC = dict.fromkeys(PERSONA_KEYS, 200)


def _plan(w):
    return {"pk": w.plan.pk}


def _task(w):
    return {"pk": w.task.pk}


def _area(w):
    return {"pk": w.area.pk}


def _none(w):
    return {}


def _get(kwargs):
    return {"kwargs": kwargs, "expect": NO_SESSION}


def _post(kwargs, data):
    return {"kwargs": kwargs, "expect": NO_SESSION, "post": data, "post_expect": NO_SESSION}


ROWS = {
    "api:plan_list": _get(_none),
    "api:plan_detail": _get(_plan),
    "api:plan_comments": _post(_plan, lambda w: {"body": "From a signed-in browser"}),
    "api:task_list": _get(_none),
    "api:task_detail": _get(_task),
    "api:task_start": _post(_task, lambda w: {}),
    "api:task_block": _post(_task, lambda w: {"reason": "No volunteers"}),
    "api:task_resume": _post(_task, lambda w: {}),
    "api:task_complete": _post(_task, lambda w: {"note": "Done"}),
    "api:area_list": _get(_none),
    "api:area_detail": _get(_area),
    "api:area_figures": _get(_area),
    "api:patrol_list": _post(_none, lambda w: {"area": w.area.pk, "date": "2024-01-01"}),
    "api:patrol_batches": _post(_none, lambda w: {"area": w.area.pk, "date": "2024-01-01"}),
    "api:patrol_batch": _get(lambda w: {"pk": 1}),
    "api:incident_imports": _post(_none, lambda w: {}),
    "api:gps_visits": _post(_none, lambda w: {}),
    "api:programme_figures": _get(_none),
    "api:audit_events": _get(_none),
    "api:schema": {"kwargs": _none, "expect": PUBLIC},
    "api:docs": {"kwargs": _none, "expect": PUBLIC},
}
