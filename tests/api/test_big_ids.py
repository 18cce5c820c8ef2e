"""An id beyond what the database holds is a 404, never a server error (the pages' rule for ids)."""

import pytest

pytestmark = pytest.mark.django_db

BIG = 2**70


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/plans/{BIG}/",
        f"/api/v1/tasks/{BIG}/",
        f"/api/v1/areas/{BIG}/",
        f"/api/v1/areas/{BIG}/figures/?before=2024-01:2024-03&after=2024-04:2024-06",
    ],
)
def test_an_id_too_big_for_the_database_is_not_found(path, call):
    response = call("police", "get", path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("action", ["start", "block", "resume", "complete"])
def test_an_id_too_big_for_the_database_is_not_found_on_a_write(action, call):
    assert (
        call("partner", "post", f"/api/v1/tasks/{BIG}/{action}/", {"reason": "x", "note": "x"}).status_code
        == 404
    )
    assert call("partner", "post", f"/api/v1/plans/{BIG}/comments/", {"body": "x"}).status_code == 404
