"""The OpenAPI schema: served at /api/v1/schema/, committed as docs/openapi.yaml (regenerate with
`.venv/bin/python manage.py spectacular --file docs/openapi.yaml --validate`), and the
browsable docs page fetching nothing from another site."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer

COMMITTED = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"


def test_the_committed_schema_is_the_generated_one():
    generated = OpenApiYamlRenderer().render(SchemaGenerator().get_schema(request=None, public=True))
    assert generated.decode() == COMMITTED.read_text(), (
        "docs/openapi.yaml is not the API's schema: run "
        "`.venv/bin/python manage.py spectacular --file docs/openapi.yaml --validate` and commit it"
    )


@pytest.mark.django_db
def test_the_schema_is_served(client):
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    assert b"/api/v1/plans/{id}/" in response.content


@pytest.mark.django_db
def test_the_docs_page_loads_only_this_sites_scripts(client):
    page = client.get(reverse("api:docs")).content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "<script>" not in page  # no inline script: the page's CSP allows this site's files only
    assert "http://" not in page and "https://" not in page
    script = client.get(reverse("api:docs") + "?script=")
    assert script.status_code == 200 and b"SwaggerUIBundle" in script.content
