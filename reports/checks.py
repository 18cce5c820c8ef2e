"""`check --deploy`: the static files pages and PDF reports link must have been collected.

With the production storage every `{% static %}` looks its hashed name up in the manifest
collectstatic writes: without it every page is a server error, and the PDF renderer reads
the collected files (reports.pdf.static_file_for). Caught here, not by the first visitor.
"""

import json

from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core import checks


@checks.register(checks.Tags.staticfiles, deploy=True)
def static_manifest_collected(app_configs=None, **kwargs):
    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return []
    storage = staticfiles_storage.manifest_storage
    name = staticfiles_storage.manifest_name
    hint = "Run `manage.py collectstatic` with these settings (STATIC_ROOT) before serving."
    if not storage.exists(name):
        return [
            checks.Error(
                f"The static files manifest {storage.path(name)} is missing: every page would fail.",
                hint=hint,
                id="reports.E001",
            )
        ]
    try:
        with storage.open(name) as manifest:
            paths = json.load(manifest).get("paths") or {}
    except (OSError, ValueError, AttributeError):
        return [
            checks.Error(
                f"The static files manifest {storage.path(name)} cannot be read.",
                hint=hint,
                id="reports.E002",
            )
        ]
    missing = [path for path in ("reports/pdf.css",) if path not in paths]
    if missing:
        return [
            checks.Error(
                f"The static files manifest {storage.path(name)} lacks {', '.join(missing)}.",
                hint=hint,
                id="reports.E003",
            )
        ]
    return []
