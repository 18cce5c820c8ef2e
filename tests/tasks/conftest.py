import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Seven personas per world: a fast hasher keeps the many world-building tests quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
