from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Problem-solving plans"

    def ready(self):
        # Registers this app's permission rules (partners.permissions).
        from . import permissions, task_permissions  # noqa: F401
