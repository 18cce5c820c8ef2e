from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports and exports"

    def ready(self):
        # Registers this app's permission rules (partners.permissions).
        from . import (
            checks,  # noqa: F401 - registers the deploy check of the static manifest
            permissions,  # noqa: F401
            words,
        )

        words.register()  # the words of its events (audit.presentation)
