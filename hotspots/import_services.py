"""Writes of police.uk incidents: one force-month imported whole, replacing that month's rows;
a bad file refused whole."""

from django.db import connection, transaction

from audit.edits import EditBase, EditConflict, record_edit  # noqa: F401 - EditConflict: what these services raise
from audit.services import log_event
from partners.permissions import may, refusal
from partners.refusals import refuse

from . import importer
from .models import ImportedMonth, Incident, force_key
from .scan import point_counts

IMPORT_BATCH = 5000


def _insert_incidents(incidents: list[Incident], batch: ImportedMonth) -> None:
    """INSERT the parsed rows in batches of IMPORT_BATCH, on the driver's executemany.

    bulk_create prepared each of a month's ten thousand rows field by field through the ORM,
    which took two thirds of the demo's 35-month import; the values here need no preparing
    (text, floats, None) but the month, which is one date for the whole file, adapted once.
    """
    fields = [f for f in Incident._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {connection.ops.quote_name(Incident._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 (names from the model)
    names = [f.attname for f in fields]
    month_at = names.index("month")
    months = {}

    def row(incident):
        incident.batch_id = batch.pk
        if incident.month not in months:
            months[incident.month] = connection.ops.adapt_datefield_value(incident.month)
        values = [getattr(incident, name) for name in names]
        values[month_at] = months[incident.month]
        return values

    with connection.cursor() as cursor:
        for start in range(0, len(incidents), IMPORT_BATCH):
            cursor.executemany(sql, [row(incident) for incident in incidents[start : start + IMPORT_BATCH]])


def import_police_uk_file(*, actor, fileobj, name: str) -> ImportedMonth:
    """Import one police.uk force-month, replacing that force-month whole; refuse a bad file whole."""
    if actor is not None and not may(actor, "hotspots.import_incidents"):
        refuse(
            refusal("hotspots.import_incidents"),
            action="incidents.import",
            actor=actor,
            logged=f"Import of {name[:100]} refused",
        )
    parsed = importer.parse(importer.read_text(fileobj))
    with transaction.atomic():
        batch = (
            ImportedMonth.objects.select_for_update()
            .filter(force_key=force_key(parsed.force), month=parsed.month)
            .first()
        )
        old_rows = old_without = None
        replaced = 0
        existed = batch is not None
        if batch is None:
            batch = ImportedMonth(force=parsed.force, month=parsed.month)
        else:
            old_rows, old_without = batch.rows, batch.rows_without_location
            replaced = Incident.objects.filter(batch=batch).delete()[0]
        batch.force = parsed.force  # the latest file's spelling; save() keys it
        batch.source_name = name[:200]
        batch.rows = len(parsed.incidents)
        batch.rows_without_location = parsed.rows_without_location
        batch.imported_by = actor if getattr(actor, "is_authenticated", False) else None
        batch.save()
        _insert_incidents(parsed.incidents, batch)
        point_counts.recount(connection, [batch.pk])  # what Scan ranks cells from
        log_event(
            action="incidents.import",
            actor=actor,
            target=batch,
            changes={
                "rows": [old_rows, batch.rows],
                "rows_without_location": [old_without, batch.rows_without_location],
                "replaced": [replaced, 0] if replaced else [None, 0],
                "source_name": [None, batch.source_name],
            },
            reason=f"Replaced {replaced} rows of {batch}" if replaced else "",
        )
    # For the caller's message: the rows of the earlier import this one replaced (None: a new month).
    batch.replaced_rows = replaced if existed else None
    return batch
