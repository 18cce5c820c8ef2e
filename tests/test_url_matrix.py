"""The authorisation matrix: every named URL of the project, visited by every persona.

Rows come from every module in tests/matrix/ (format in tests/matrix/__init__.py). A URL in
the URL configuration with no row fails `test_every_url_has_a_matrix_row`; a row whose URL
name is not in this configuration (a page renamed or removed) fails too, naming the row. Every response to a partner lead is also searched for the
police-only values of the world (field markers and the police-only comment). A POST refused
with 403 to a signed-in persona must have written a `<action>.refused` event; one answered
with 404 must have written nothing.
"""

import importlib
import io
import pkgutil

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

import tests.matrix
from tests.world import PERSONA_KEYS

# Named URLs that no matrix row can visit, each with its reason.
EXCLUDED_NAMESPACES = {
    "admin": "Django's admin site: staff only, guarded by Django itself, tested by Django",
}
EXCLUDED_NAMES = {
    "password_reset_confirm": "needs a one-time uid and token from a reset email; Django's own view",
}

PARTNER_PERSONAS = ("partner_on", "partner_off")
POLICE_ONLY_MARKERS = ("POLICE-ONLY",)


def _load_rows() -> dict:
    rows = {}
    for info in pkgutil.iter_modules(tests.matrix.__path__):
        module = importlib.import_module(f"tests.matrix.{info.name}")
        for key, row in getattr(module, "ROWS", {}).items():
            assert key not in rows, f"{key} has rows in two matrix modules"
            rows[key] = row
    return rows


ROWS = _load_rows()
POST_ROWS = {key: row for key, row in ROWS.items() if "post" in row}


def _walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def project_url_names() -> set[str]:
    names = set()
    for name in _walk(get_resolver().url_patterns):
        if name.split(":")[0] in EXCLUDED_NAMESPACES and ":" in name:
            continue
        if name in EXCLUDED_NAMES:
            continue
        names.add(name)
    return names


def _url(key, row, world):
    name = key.split("#")[0]
    try:
        return reverse(name, kwargs=row.get("kwargs", lambda w: {})(world))
    except NoReverseMatch as exc:
        pytest.fail(
            f"{name} is not in the URL configuration: rename or remove its row in tests/matrix/ ({exc})"
        )


def _client_as(client, world, persona):
    user = world.users[persona]
    if user is not None:
        client.force_login(user)
    return client


def _expected(row, persona, which="expect"):
    value = row[which][persona]
    return value if isinstance(value, tuple) else (value,)


def _text(response) -> str:
    streaming = getattr(response, "streaming", False)
    data = b"".join(response.streaming_content) if streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf") and data.startswith(b"%PDF"):
        import pypdf

        try:
            return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages)
        except Exception:  # noqa: BLE001  (a tiny test PDF with no pages has no text to leak)
            return data.decode("latin-1")
    return data.decode("utf-8", errors="replace")


def assert_no_police_only(response, world, where):
    text = _text(response)
    for marker in (*POLICE_ONLY_MARKERS, world.police_comment.body):
        assert marker not in text, f"{where}: a partner lead was shown police-only text {marker!r}"
    for field in ("victim_details", "offender_details", "police_notes"):
        for plan in (world.plan, world.other_plan):
            value = getattr(plan, field)
            assert not value or value not in text, (
                f"{where}: {field} of {plan.reference} reached a partner lead"
            )


def test_every_url_has_a_matrix_row():
    covered = {key.split("#")[0] for key in ROWS}
    missing = sorted(project_url_names() - covered)
    assert missing == [], f"URLs with no row in tests/matrix/: {missing}"


def test_every_row_names_all_personas():
    for key, row in ROWS.items():
        assert set(row["expect"]) == set(PERSONA_KEYS), f"{key}: expect must name {PERSONA_KEYS}"
        if "post" in row:
            assert set(row["post_expect"]) == set(PERSONA_KEYS), (
                f"{key}: post_expect must name {PERSONA_KEYS}"
            )


@pytest.mark.parametrize("key", sorted(ROWS))
def test_get_answers_as_the_matrix_says(key, world, client):
    """Every persona GETs the URL on one world (a GET changes nothing another persona sees).

    A partner lead's response, and every page it redirects to, is searched for police-only values.
    """
    row = ROWS[key]
    url = _url(key, row, world)
    wrong = []
    for persona in PERSONA_KEYS:
        client.logout()
        response = _client_as(client, world, persona).get(url)
        if response.status_code not in _expected(row, persona):
            wrong.append(f"{persona}: {response.status_code}, expected {row['expect'][persona]}")
        if persona == "anonymous" and response.status_code == 302 and key != "login":
            assert response["Location"].startswith(reverse("login")), (
                f"{url} did not send {persona} to sign in"
            )
        if persona in PARTNER_PERSONAS:
            assert_no_police_only(response, world, f"GET {url} as {persona}")
            followed = client.get(url, follow=True)
            assert_no_police_only(followed, world, f"GET {url} as {persona} (following redirects)")
    assert wrong == [], f"GET {url}: " + "; ".join(wrong)


# POST rows whose 403 is not recorded yet, each with its reason. Not to grow: a new refusal is
# recorded (audit.services.log_refused, or the service that refuses).
UNRECORDED_REFUSALS: dict[str, str] = {}


def _newest_sequence() -> int:
    from audit.models import Event

    return Event.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


@pytest.mark.parametrize("persona", PERSONA_KEYS)
@pytest.mark.parametrize("key", sorted(POST_ROWS))
def test_post_answers_as_the_matrix_says(key, persona, world, client):
    """A refused POST (403) by a signed-in user is recorded as `<action>.refused`; a POST about
    something the user may not see (404) records nothing, so no event names it."""
    from audit.models import Event

    row = POST_ROWS[key]
    url = _url(key, row, world)
    client = _client_as(client, world, persona)
    before = _newest_sequence()
    response = client.post(url, row["post"](world))
    assert response.status_code in _expected(row, persona, "post_expect"), (
        f"POST {url} as {persona}: {response.status_code}, expected {row['post_expect'][persona]}"
    )
    written = list(Event.objects.filter(sequence__gt=before).values_list("action", flat=True))
    recorded = key.split("#")[0] not in UNRECORDED_REFUSALS
    if response.status_code == 403 and world.users[persona] is not None and recorded:
        assert any(action.endswith(".refused") for action in written), (
            f"POST {url} as {persona} was refused (403) and not recorded: {written}"
        )
    if response.status_code == 404:
        assert written == [], f"POST {url} as {persona} answered 404 but wrote {written}"
    if persona in PARTNER_PERSONAS:
        assert_no_police_only(response, world, f"POST {url} as {persona}")
