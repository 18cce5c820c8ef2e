"""Property-based calls driven by the committed schema (schemathesis), for each kind of client:
no server error, and every response (status, content type, headers, body) conforms to the schema.

Each generated call is made by every client kind; one with an `id` in its path is made again with
the id of a real object of the world (a plan, task or area), so successful answers are checked as
well as refusals. Few examples an operation: the suite stays well under a minute."""

from pathlib import Path

import pytest
import schemathesis
from django.conf import settings
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .conftest import CLIENT_KINDS

schema = schemathesis.openapi.from_path(Path(settings.BASE_DIR) / "docs" / "openapi.yaml")
schema.app = WSGIHandler()
# Examples and fuzzing only: the coverage phase walks every boundary and method of every
# operation (hundreds of calls an operation, times four clients), past the suite's minute.
schema.config.phases.coverage.enabled = False

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def _connection_kept_between_calls():
    """Called through WSGIHandler, each request's end closes the database connection, which on
    PostgreSQL loses the test's transaction and its world: keep it open, as Django's own test
    client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _real_id(path: str, world) -> int | None:
    for prefix, obj in (("/plans/", world.plan), ("/tasks/", world.task), ("/areas/", world.area)):
        if path.startswith(prefix):
            return obj.pk
    return None


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_the_api_conforms_to_its_schema(case, api_clients, world, _connection_kept_between_calls):
    tokens = {kind: token for kind, (_, token) in api_clients.items()}
    for kind in CLIENT_KINDS:
        headers = {"Authorization": f"Bearer {tokens[kind]}"}
        case.call_and_validate(headers=headers, checks=CHECKS)
        if case.path_parameters and "id" in case.path_parameters:
            real = _real_id(case.operation.path, world)
            if real is not None:
                generated = case.path_parameters["id"]
                case.path_parameters["id"] = real
                case.call_and_validate(headers=headers, checks=CHECKS)
                case.path_parameters["id"] = generated
