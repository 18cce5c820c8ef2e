from django.core.management.base import BaseCommand, CommandError

from audit import integrity


class Command(BaseCommand):
    help = "Re-check the whole audit hash chain; exit non-zero naming the first event that fails."

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoint",
            metavar="FILE",
            help="A signed checkpoint (from audit_checkpoint) the chain must still contain unchanged.",
        )

    def handle(self, *args, checkpoint=None, **options):
        try:
            mark = integrity.checkpoint_read(checkpoint) if checkpoint else None
            result = integrity.verify_chain(checkpoint=mark)
        except (integrity.ChainBroken, integrity.CheckpointError) as exc:
            raise CommandError(str(exc), returncode=2) from exc
        message = (
            f"Verified {result.count} audit events: the chain is unbroken up to #{result.last_sequence}."
        )
        if mark is not None:
            message += f" It still holds checkpoint #{mark.sequence} signed at {mark.time}."
        self.stdout.write(message)
