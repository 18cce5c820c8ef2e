"""Every public function of every services.py or *_services.py in the project writes its audit event.

The services are found by walking the project's own apps, so a new service without a case in
tests/audit_cases/ fails here (format in tests/audit_cases/__init__.py).
"""

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

import tests.audit_cases
from audit import integrity
from audit.models import Event
from audit.presentation import action_words

pytestmark = pytest.mark.django_db


def _is_service_module(name: str) -> bool:
    return name == "services" or name.endswith("_services")


def project_apps():
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and "site-packages" not in path.parts:
            yield config


def service_modules():
    for config in project_apps():
        for info in pkgutil.iter_modules([config.path]):
            if not _is_service_module(info.name):
                continue
            module = importlib.import_module(f"{config.name}.{info.name}")
            yield module
            if info.ispkg:  # services split into a package: every module in it counts
                for sub in pkgutil.walk_packages(module.__path__, prefix=f"{module.__name__}."):
                    yield importlib.import_module(sub.name)


def public_services() -> dict[str, object]:
    found = {}
    for module in service_modules():
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if not name.startswith("_") and function.__module__ == module.__name__:
                found[f"{module.__name__}.{name}"] = function
    return found


def all_cases() -> dict[str, object]:
    cases = {}
    for info in pkgutil.iter_modules(tests.audit_cases.__path__):
        module = importlib.import_module(f"tests.audit_cases.{info.name}")
        for name, case in getattr(module, "CASES", {}).items():
            assert name not in cases, f"{name} has two audit cases"
            cases[name] = case
    return cases


SERVICES = sorted(public_services())
CASES = all_cases()


def test_the_walk_finds_the_services_we_know():
    assert "partners.services.membership_add" in SERVICES
    assert "audit.services.log_event" in SERVICES
    assert "audit.services._json_safe" not in SERVICES


def test_every_service_has_an_audit_case():
    missing = [name for name in SERVICES if name not in CASES]
    assert missing == [], (
        "These services have no case in tests/audit_cases/ (see its __init__.py for the format): "
        + ", ".join(missing)
    )


def test_every_case_names_a_service_that_exists():
    stale = sorted(set(CASES) - set(SERVICES))
    assert stale == [], f"These audit cases name no public service: {', '.join(stale)}"


@pytest.mark.parametrize("service", SERVICES)
def test_the_service_writes_exactly_its_events(service, world):
    if service not in CASES:
        pytest.fail(f"{service} has no case in tests/audit_cases/")
    before = Event.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    expected = CASES[service](world) or {}
    new = list(Event.objects.filter(sequence__gt=before).order_by("sequence"))
    count = expected.get("count", 1)
    assert len(new) == count, f"{service} wrote {[e.action for e in new]}, expected {count} event(s)"
    if count:
        actor = expected["actor"]
        target = expected.get("target")
        matching = [
            e
            for e in new
            if e.action == expected["action"]
            and e.actor_id == (actor.pk if actor is not None else None)
            and (e.target_type, e.target_id)
            == ((target._meta.label_lower, str(target.pk)) if target is not None else ("", ""))
        ]
        assert matching, (
            f"{service} wrote {[(e.action, e.actor_username, e.target_type, e.target_id) for e in new]}, "
            f"expected {expected['action']} by {actor} on {target!r}"
        )
        if "event" in expected:
            assert expected["event"].pk in {e.pk for e in new}
        # The audit pages say what happened in words, not as the action's code.
        assert action_words(expected["action"]) != expected["action"].replace(".", " ").capitalize(), (
            f"{expected['action']} has no words in audit/presentation/actions.py ACTION_WORDS"
        )
    integrity.verify_chain()
