from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Problem-solving plans"

    def ready(self):
        # Registers this app's permission rules (partners.permissions).
        from . import permissions, task_permissions  # noqa: F401
        from .storage import upload_temp_dir

        upload_temp_dir()  # uploads past the in-memory size are written there
        from . import words

        words.register()  # the words of its events (audit.presentation)
