import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Seven personas per world: a fast hasher keeps the many world-building tests quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


from ._mail import mail_server_down, refuse_mail_to  # noqa: E402, F401  (mail that fails)
