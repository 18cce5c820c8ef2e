import pytest


@pytest.fixture
def checkpoint_key(settings):
    settings.AUDIT_CHECKPOINT_KEY = "test-checkpoint-key-" + "k" * 40
    return settings.AUDIT_CHECKPOINT_KEY
