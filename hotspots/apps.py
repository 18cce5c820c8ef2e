from django.apps import AppConfig


class HotspotsConfig(AppConfig):
    name = "hotspots"
    verbose_name = "Hotspots, incidents and patrols"

    def ready(self):
        # Registers this app's permission rules (partners.permissions).
        from . import (
            permissions,  # noqa: F401
            words,
        )

        words.register()  # the words of its events (audit.presentation)
