from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partners and roles"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import checks, roles

        checks.register()

        post_migrate.connect(roles.sync_role_groups_after_migrate, sender=self)
        # Any app's migrate (or a test flush) may rebuild the permission table.
        post_migrate.connect(roles.forget_permission_ids, dispatch_uid="partners.forget_permission_ids")
        from . import words

        words.register()  # the words of its events (audit.presentation)
