from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audit import integrity
from plans.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, or SQLite's online backup), the evidence files and a signed "
        "audit checkpoint into a new folder, with a manifest of SHA-256 digests."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="DIR", help="A new (or empty) folder to write the backup into.")

    def handle(self, *args, folder, **options):
        try:
            manifest = backup(Path(folder))
        except (BackupError, integrity.CheckpointError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        for name in manifest["evidence_missing"]:
            self.stderr.write(f"Warning: the evidence file {name} was not in storage (run check_storage).")
        self.stdout.write(
            f"Backed up the {manifest['database']['vendor']} database, "
            f"{sum(1 for n in manifest['files'] if n.startswith('evidence/'))} evidence files and the checkpoint "
            f"of audit event #{manifest['checkpoint']['sequence']} into {folder}."
        )
