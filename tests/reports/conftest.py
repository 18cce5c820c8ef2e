"""Reports render PDFs that fetch the built CSS and fonts: without them, say how to build them."""

import pytest


@pytest.fixture(autouse=True)
def _needs_built_static(built_static):
    pass
