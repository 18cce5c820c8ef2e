"""Personas (STYLE.md rule 7) shared by every test.

officer  - Priya, neighbourhood officer who owns the plans in a story
officer2 - Tom, a second officer who does not own them
pastors  - Grace, lead of Street Pastors, the partner on the plan
wardens  - Dan, lead of City Street Wardens, a partner NOT on the plan
bid      - Amira, lead of BID Leicester
manager  - Helen, inspector and programme manager
admin    - Sam, administrator
"""

import functools
import importlib
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from partners.models import Membership, Organisation
from partners.roles import Role, sync_role_groups

PASSWORD = "correct-horse-battery-staple"
# Seven personas a test: the production hasher (a million rounds each) would dominate the suite.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# What `npm run build` makes (scripts/build-static.mjs) that pages and PDFs link to.
BUILT_STATIC = ("css/app.css", "fonts/atkinson-hyperlegible.css")


def built_static_missing() -> str | None:
    """Why the built static files are not there, naming the command that makes them; or None."""
    root = Path(settings.BASE_DIR) / "build" / "static"
    missing = [name for name in BUILT_STATIC if not (root / name).is_file()]
    if not missing:
        return None
    return (
        f"The built static files are missing ({', '.join(str(root / name) for name in missing)}): "
        "run `make setup` (or `npm ci && npm run build`) before the tests."
    )


@pytest.fixture
def built_static():
    """For a test that needs the built CSS and fonts (a PDF, a browser page): fails saying how
    to build them, rather than with whatever the missing file breaks."""
    missing = built_static_missing()
    if missing:
        pytest.fail(missing, pytrace=False)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Any failing test, when the built static files are missing, says so as well."""
    outcome = yield
    report = outcome.get_result()
    if report.failed and (missing := built_static_missing()):
        report.sections.append(("built static files", missing))


# Files that each keep a worker busy for half a minute to two minutes (measured on the SQLite
# run, 6 December). `make test` runs two workers that take whole files (--dist loadfile) in the
# order they were collected: tests/test_url_matrix.py, collected near the end, left one worker
# finishing it alone while the other had nothing left. Started first, the long files run side
# by side and the short ones fill in behind them.
LONG_FILES = (
    "tests/hotspots/test_demo.py",
    "tests/test_url_matrix.py",
    "tests/bench/test_bench.py",
    "tests/partners/test_demo_command.py",
    "tests/hotspots/test_point_counts.py",
    "tests/test_database_timeouts.py",
    "tests/plans/test_backup_restore.py",
    "tests/audit/test_chain_link_migration.py",
)


def pytest_addoption(parser):
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="run only the tests that use the database (`make test-postgres`: the rest ran on SQLite)",
    )


# What lets a test reach the database (pytest-django refuses it to any other test).
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


def uses_the_database(item) -> bool:
    """Whether a test can reach the database the run was given: through pytest-django, or
    through a process it starts, which inherits DATABASE_URL (the benchmark's run, the
    timeouts' and the health check's servers)."""
    if item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(item.fixturenames):
        return True
    return _starts_processes(str(item.fspath))


@functools.cache
def _starts_processes(path: str) -> bool:
    return "subprocess" in Path(path).read_text(encoding="utf-8")


def pytest_collection_modifyitems(config, items):
    """The long files first (LONG_FILES, in that order), then the rest in their own order.
    With --database-tests-only, the tests that never reach the database are left out: the
    second database's run would run them as the first did."""
    if config.getoption("database_tests_only"):
        kept, left_out = [], []
        for item in items:
            (kept if uses_the_database(item) else left_out).append(item)
        if left_out:
            config.hook.pytest_deselected(items=left_out)
            items[:] = kept
    rank = {name: position for position, name in enumerate(LONG_FILES)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(LONG_FILES)))


def pytest_runtest_setup(item):
    """`postgres_only` (pyproject.toml): row locks, concurrent writers and prepared statements
    need PostgreSQL; on SQLite, which serialises writers anyway, those tests skip."""
    from django.db import connection

    if item.get_closest_marker("postgres_only") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://...)")


def _organisation(name, kind):
    group, _ = Group.objects.get_or_create(name=f"org:{name.lower().replace(' ', '-')}")
    org, _ = Organisation.objects.get_or_create(
        name=name, defaults={"slug": name.lower().replace(" ", "-"), "kind": kind, "group": group}
    )
    return org


def _user(username, role, organisation, member_role=Membership.Role.MEMBER, **extra):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.org", **extra
    )
    user.groups.add(Group.objects.get(name=role.value), organisation.group)
    Membership.objects.create(user=user, organisation=organisation, role=member_role)
    return user


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """FAST_PASSWORD_HASHERS for every test."""
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def nothing_kept_between_tests():
    """Each test starts with an empty cache: what the application keeps (the programme headline)
    is keyed on the newest audited change, and a test's factories write without one, so an
    earlier test's figures could otherwise stand for this one's data."""
    from django.core.cache import cache

    cache.clear()


PERSONA_USERNAMES = ["officer", "officer2", "manager", "admin", "pastors", "wardens", "bid"]


@pytest.fixture(autouse=True)
def personas_sign_in_without_second_factor(settings):
    """The personas sign in with their password alone, as `make run`'s demo users do (the
    development settings exempt the same names); any other user needs a second factor.

    Most tests sign in with force_login, which skips both factors as it skips the password.
    tests/partners/test_mfa_*.py take the exemption away and go through the real views, and
    config.production exempts nobody (partners.checks).
    """
    settings.MFA_REQUIRED = True
    settings.MFA_EXEMPT_USERNAMES = PERSONA_USERNAMES


@pytest.fixture(autouse=True)
def default_crime_families(request):
    """Put back the crime families a data migration made, when a transactional test flushed them.

    A transactional test (live server, PostgreSQL row-lock tests) ends by emptying every table;
    with tests spread over workers a plain test may come after one, and expect the families.
    """
    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not names & DATABASE_FIXTURES:
        return
    transactional = (marker is not None and marker.kwargs.get("transaction")) or names & {
        "transactional_db",
        "live_server",
    }
    request.getfixturevalue("transactional_db" if transactional else "db")
    from django.apps import apps

    from hotspots.models import CrimeFamily

    if not CrimeFamily.objects.exists():
        migration = importlib.import_module("hotspots.migrations.0004_evidence_control_bbox_and_families")
        migration.create_default_families(apps, None)
        renamed = importlib.import_module("hotspots.migrations.0009_violence_robbery_and_weapons")
        renamed.rename(apps, None)


@pytest.fixture
def roles(db):
    sync_role_groups()


@pytest.fixture
def police_org(roles):
    return _organisation("Leicestershire Police", Organisation.Kind.POLICE)


@pytest.fixture
def pastors_org(roles):
    return _organisation("Street Pastors", Organisation.Kind.CHARITY)


@pytest.fixture
def wardens_org(roles):
    return _organisation("City Street Wardens", Organisation.Kind.COUNCIL)


@pytest.fixture
def bid_org(roles):
    return _organisation("BID Leicester", Organisation.Kind.BID)


@pytest.fixture
def officer(police_org):
    return _user("officer", Role.OFFICER, police_org, first_name="Priya", last_name="Shah")


@pytest.fixture
def officer2(police_org):
    return _user("officer2", Role.OFFICER, police_org, first_name="Tom", last_name="Hughes")


@pytest.fixture
def manager(police_org):
    return _user("manager", Role.MANAGER, police_org, Membership.Role.LEAD, first_name="Helen")


@pytest.fixture
def admin_user(police_org):
    return _user("admin", Role.ADMINISTRATOR, police_org, is_staff=True, first_name="Sam")


@pytest.fixture
def pastors(pastors_org):
    return _user("pastors", Role.PARTNER_LEAD, pastors_org, Membership.Role.LEAD, first_name="Grace")


@pytest.fixture
def wardens(wardens_org):
    return _user("wardens", Role.PARTNER_LEAD, wardens_org, Membership.Role.LEAD, first_name="Dan")


@pytest.fixture
def bid(bid_org):
    return _user("bid", Role.PARTNER_LEAD, bid_org, Membership.Role.LEAD, first_name="Amira")


@pytest.fixture
def personas(officer, officer2, manager, admin_user, pastors, wardens, bid):
    """All of them, by name: personas.officer, personas.pastors, ..."""

    class Personas:
        pass

    p = Personas()
    for name, user in {
        "officer": officer,
        "officer2": officer2,
        "manager": manager,
        "admin": admin_user,
        "pastors": pastors,
        "wardens": wardens,
        "bid": bid,
    }.items():
        setattr(p, name, user)
    return p


@pytest.fixture
def client_for(client):
    """A signed-in test client for a persona: client_for(officer)."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


from tests.audit.flush import audit_triggers_allow_test_flush  # noqa: E402, F401  (lets test flushes pass)


@pytest.fixture(autouse=True)
def private_media(tmp_path):
    """Evidence files go to a temporary folder: no test writes into var/private.

    The attachment storage's location is fixed when models load, so it is pointed here directly.
    """
    from plans.models import Attachment

    storage = Attachment._meta.get_field("file").storage
    saved = storage.__dict__.copy()
    storage._location = str(tmp_path / "private")
    for cached in ("base_location", "location"):
        storage.__dict__.pop(cached, None)
    yield tmp_path / "private"
    storage.__dict__.clear()
    storage.__dict__.update(saved)


from tests.world import world  # noqa: E402, F401  (the shared World fixture)
