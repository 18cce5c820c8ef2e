from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from audit import integrity
from plans.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup (from `backup`) into an empty database and an empty evidence folder, "
        "after checking every file against the manifest, then run verify_audit --checkpoint on it."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="DIR", help="The backup folder.")
        parser.add_argument(
            "--database-url", required=True, metavar="URL", help="The empty database to restore into."
        )
        parser.add_argument(
            "--media-root",
            metavar="DIR",
            help="The empty folder for the evidence files (default: PRIVATE_MEDIA_ROOT).",
        )

    def handle(self, *args, folder, database_url, media_root=None, **options):
        try:
            report = restore(
                Path(folder),
                database_url=database_url,
                media_root=Path(media_root or settings.PRIVATE_MEDIA_ROOT),
                stdout=self.stdout,
            )
        except (BackupError, integrity.CheckpointError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report)
