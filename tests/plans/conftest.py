"""Plan tests."""

import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The personas' passwords are hashed for every test; the real hasher is the slow part.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
