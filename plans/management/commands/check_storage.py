"""`manage.py check_storage [--remove]`: evidence files with no row, and rows with no file."""

from django.core.management.base import BaseCommand

from plans.storage import clean_upload_temp_dir
from plans.storage_check import storage_orphans_remove, storage_report, storage_unmoved_promote


class Command(BaseCommand):
    help = (
        "Lists evidence files no row holds and rows whose file is missing; with --remove, "
        "deletes the former (audited), moves committed files left under a staging name into "
        "place, and clears temporary uploads over an hour old. Exits 1 while anything is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("--remove", action="store_true", help="remove files no row holds (audited)")

    def handle(self, *args, remove, **options):
        report = storage_report()
        for name in report.orphans:
            self.stdout.write(f"file with no row: {name}")
        for pk, name in report.missing:
            self.stdout.write(f"row with no file: attachment {pk} ({name})")
        for name in report.unmoved:
            self.stdout.write(f"committed but not moved into place: {name}")
        for name in report.in_flight:
            self.stdout.write(f"upload in progress (left alone): {name}")
        if remove:
            removed = storage_orphans_remove(names=report.orphans)
            moved = storage_unmoved_promote(names=report.unmoved)
            temporary = clean_upload_temp_dir(older_than=3600)
            self.stdout.write(
                f"removed {removed} file(s) with no row, moved {moved} into place, "
                f"cleared {temporary} temporary upload(s)"
            )
            report.orphans, report.unmoved = [], []
        self.stdout.write(
            f"{len(report.orphans)} file(s) with no row, {len(report.missing)} row(s) with no file"
        )
        if report.orphans or report.missing or report.unmoved:
            raise SystemExit(1)
