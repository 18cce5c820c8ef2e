"""Write a plan report PDF to a file, for batch use; the export is recorded as a disclosure."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from partners.models import Organisation
from plans.models import Plan
from reports import pdf, plan_pdf
from reports.services import disclosure_record


class Command(BaseCommand):
    help = "Render the plan report for REF to --out FILE.pdf (the partner version with --partner ORG)."

    def add_arguments(self, parser):
        parser.add_argument("reference", help="The plan reference, e.g. PSP-2026-007")
        parser.add_argument("--out", required=True, help="Where to write the PDF")
        parser.add_argument(
            "--partner",
            help="Name or slug of an organisation on the plan: writes its partner version",
        )
        parser.add_argument("--recipient", default="", help="Who the file is for (default: the output file)")

    def handle(self, *args, reference, out, partner=None, recipient="", **options):
        # A batch run has no signed-in user: it reads the plan directly, and the partner
        # version is only made for an organisation that is on the plan.
        try:
            plan = Plan.objects.select_related("owner", "area").get(reference=reference)
        except Plan.DoesNotExist as exc:
            raise CommandError(f"No plan with reference {reference}") from exc
        organisation = None
        if partner:
            organisation = (
                Organisation.objects.filter(name__iexact=partner).first()
                or Organisation.objects.filter(slug__iexact=partner).first()
            )
            if organisation is None:
                raise CommandError(f"No organisation called {partner}")
            if not plan.partner_links.filter(organisation=organisation).exists():
                raise CommandError(f"{organisation.name} is not a partner on {plan.reference}")
        partner_version = organisation is not None
        try:
            data = plan_pdf.plan_report_pdf(plan=plan, user=None, partner_version=partner_version)
        except pdf.RenderError as exc:
            raise CommandError(str(exc)) from exc
        path = Path(out)
        # The file is written beside its destination first and moved into place in the
        # disclosure's transaction: a file that cannot be written records no disclosure, and
        # a disclosure that cannot be recorded leaves no file.
        partial = path.with_name(f".{path.name}.partial")
        try:
            partial.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Could not write {path}: {exc.strerror or exc}") from exc
        try:
            with transaction.atomic():
                disclosure_record(
                    actor=None,
                    kind="plan-pdf-partner" if partner_version else "plan-pdf",
                    purpose="batch",
                    recipient=recipient or (organisation.name if organisation else str(path)),
                    filename=path.name,
                    target=plan,
                    plan=plan,
                    police_only=not partner_version,  # as the web export records it
                )
                partial.replace(path)
        except OSError as exc:
            raise CommandError(f"Could not write {path}: {exc.strerror or exc}") from exc
        finally:
            partial.unlink(missing_ok=True)
        version = f"partner version for {organisation.name}" if organisation else "police version"
        self.stdout.write(f"Wrote {path} ({len(data):,} bytes, {version}).")
