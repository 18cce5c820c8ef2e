import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_officer_changes_password(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase-9",
            "new_password2": "a-new-long-passphrase-9",
        },
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("a-new-long-passphrase-9")


def test_wrong_old_password_is_refused_with_a_message(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "wrong",
            "new_password1": "a-new-long-passphrase-9",
            "new_password2": "a-new-long-passphrase-9",
        },
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_password_reset_by_email_sets_a_new_password(client, officer, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    client.post(reverse("password_reset"), {"email": officer.email})
    assert len(mail.outbox) == 1
    link = re.search(r"http://127\.0\.0\.1:8000(\S+)", mail.outbox[0].body).group(1)  # SITE_URL
    form_url = client.get(link).url  # Django swaps the token for a session marker
    response = client.post(
        form_url, {"new_password1": "reset-passphrase-77", "new_password2": "reset-passphrase-77"}
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("reset-passphrase-77")


def test_password_reset_for_unknown_email_says_the_same_and_sends_nothing(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_the_reset_link_goes_to_the_site_address_not_the_requests_host(client, officer, settings):
    settings.SITE_URL = "https://plans.example.org"
    settings.ALLOWED_HOSTS = ["internal-name", "testserver"]
    client.post(reverse("password_reset"), {"email": officer.email}, HTTP_HOST="internal-name")
    body = mail.outbox[0].body
    assert "https://plans.example.org/account/" in body
    assert "internal-name" not in body and "testserver" not in body
