"""Register an API client for an organisation and print its token, once: it is stored hashed."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from partners import api_client_services
from partners.models import Organisation
from partners.roles import Role


class Command(BaseCommand):
    help = "Register an API client for an organisation (as an administrator) and print its token once."

    def add_arguments(self, parser):
        parser.add_argument("--by", required=True, help="username of the administrator registering it")
        parser.add_argument("--organisation", required=True, help="the organisation's name or slug")
        parser.add_argument("--name", required=True, help="the client's name, e.g. 'ASB case system'")
        parser.add_argument(
            "--role",
            default="",
            choices=[
                "",
                Role.PARTNER_LEAD.value,
                Role.OFFICER.value,
                Role.MANAGER.value,
                Role.ADMINISTRATOR.value,
            ],
            help="who it acts as: partner lead (a partner organisation's, the default there), "
            "officer (a police organisation's default), manager (reads the audit trail) or "
            "administrator (imports police.uk files)",
        )
        parser.add_argument("--write", action="store_true", help="may also write (tasks, comments, patrols)")
        parser.add_argument("--days", type=int, default=365, help="days until it expires (default 365)")

    def handle(self, *args, **options):
        actor = get_user_model().objects.filter(username=options["by"], is_active=True).first()
        if actor is None:
            raise CommandError(f"No active user {options['by']!r}")
        organisation = (
            Organisation.objects.filter(name__iexact=options["organisation"]).first()
            or Organisation.objects.filter(slug=options["organisation"]).first()
        )
        if organisation is None:
            raise CommandError(f"No organisation {options['organisation']!r}")
        role = options["role"] or (Role.OFFICER.value if organisation.is_police else Role.PARTNER_LEAD.value)
        scopes = ["read", "write"] if options["write"] else ["read"]
        expires_at = timezone.now() + datetime.timedelta(days=options["days"])
        try:
            client, token = api_client_services.api_client_create(
                actor=actor,
                organisation=organisation,
                name=options["name"],
                role=role,
                scopes=scopes,
                expires_at=expires_at,
            )
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(
            f"Registered {client.name} for {organisation.name} as {client.get_role_display().lower()}, "
            f"scopes {', '.join(scopes)}, expires {client.expires_at:%Y-%m-%d}."
        )
        self.stdout.write("Its token, shown this once (only its hash is kept):")
        self.stdout.write(token)
