"""Import police.uk street-level files: python manage.py import_police_uk FILE.csv[.gz]..."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from hotspots.import_services import import_police_uk_file
from hotspots.importer import ImportRefused, summary


class Command(BaseCommand):
    help = "Import police.uk street-level CSV files (.csv or .csv.gz), one force-month each, replacing that month."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="police.uk street-level CSV files")
        parser.add_argument("--actor", help="username recorded in the audit trail (an administrator)")

    def handle(self, *args, files, actor=None, **options):
        user = None
        if actor:
            user = get_user_model().objects.filter(username=actor).first()
            if user is None:
                raise CommandError(f"No user called {actor}")
        failed = 0
        for name in files:
            path = Path(name)
            try:
                with path.open("rb") as handle:
                    batch = import_police_uk_file(actor=user, fileobj=handle, name=path.name)
            except PermissionDenied as exc:  # the actor may not import: no file will go in
                raise CommandError(f"{actor}: {exc}") from exc
            except FileNotFoundError:
                self.stderr.write(f"{name}: no such file")
                failed += 1
            except OSError as exc:  # a folder, a file it may not read: the next file is still tried
                self.stderr.write(f"{name}: cannot be read ({exc.strerror or exc})")
                failed += 1
            except ImportRefused as exc:
                self.stderr.write(f"{name}: refused, nothing imported. {exc}")
                failed += 1
            else:
                self.stdout.write(f"{name}: {summary(batch)}")
        if failed:
            raise CommandError(f"{failed} of {len(files)} files were not imported")
