from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit trail"

    def ready(self):
        # Registers this app's permission rules (partners.permissions).
        from django.db.backends.signals import connection_created

        from . import (
            permissions,  # noqa: F401
            signals,
        )

        signals.connect()
        connection_created.connect(_sqlite_functions, dispatch_uid="audit_sqlite_functions")


def _sqlite_functions(sender, connection, **kwargs):
    """SQLite has no SHA-256: log_event's INSERT links each event with this (audit.services)."""
    if connection.vendor == "sqlite":
        from .canonical import chain_hash

        connection.connection.create_function("audit_chain_hash", 3, chain_hash, deterministic=True)
