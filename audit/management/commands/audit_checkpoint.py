from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audit import integrity
from audit.services import log_checkpoint


class Command(BaseCommand):
    help = "Write the audit chain's current head, HMAC-signed with AUDIT_CHECKPOINT_KEY, to a file."

    def add_arguments(self, parser):
        parser.add_argument("--out", metavar="FILE", required=True, help="Where to write the checkpoint.")

    def handle(self, *args, out, **options):
        try:
            checkpoint = integrity.checkpoint_create()
            integrity.checkpoint_write(checkpoint, Path(out))
        except (integrity.CheckpointError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        log_checkpoint(checkpoint)  # once the file is written: the trail says when each was taken
        self.stdout.write(
            f"Checkpoint of event #{checkpoint.sequence} ({checkpoint.hash[:12]}…) written to {out}. "
            "Keep it outside the database."
        )
