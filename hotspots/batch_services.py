"""Patrols in bulk, saved whole or not at all as one batch with one audit event, and undone
whole by their uploader within 7 days (one event): a spreadsheet of visits, or the visits
derived from a file of GPS pings (hotspots.gps; the pings are never kept)."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.services import log_event
from partners.permissions import require
from partners.refusals import refuse
from partners.roles import organisation_of

from . import gps, patrol_batches, patrol_visits, submissions
from .batch_models import PatrolBatch
from .batch_selectors import gps_file_saved
from .models import Area, PatrolLog
from .patrol_batches import BatchRefused, RowError
from .patrol_powers import check_powers
from .selectors import patrol_areas_for

MAX_VISIT_MINUTES = 24 * 60


def _lock_areas(area_ids) -> dict[int, Area]:
    """The areas the batch logs in, locked in id order: one writer at a time per area, as
    patrol_services.patrol_log holds it."""
    return {
        a.pk: a for a in Area.objects.select_for_update().filter(pk__in=sorted(set(area_ids))).order_by("pk")
    }


def _refuse_visits_already_logged(organisation, rows) -> list[RowError]:
    """The rule that refuses a second record of one visit (patrol_visits.refuse_a_second_record),
    applied to each row: its message, on that row."""
    errors = []
    for number, values in rows:
        try:
            patrol_visits.refuse_a_second_record(
                organisation=organisation,
                **{name: values[name] for name in patrol_visits.VISIT_FIELDS if name != "organisation"},
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.extend(RowError(number, field, message) for message in messages)
    return errors


def _refuse_police_powers(organisation, rows) -> list[RowError]:
    """The rule that a partner's patrol records no police power (patrol_powers.check_powers),
    applied to each row, as the single patrol form's service applies it."""
    errors = []
    for number, values in rows:
        try:
            check_powers(organisation, values)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.extend(RowError(number, field, message) for message in messages)
    return errors


def _save(*, actor, organisation, source, name, content_digest, rows, action, changes) -> PatrolBatch:
    """In the caller's transaction: the batch, its patrols in one insert, and its one event."""
    batch = PatrolBatch.objects.create(
        source=source,
        organisation=organisation,
        uploaded_by=actor,
        source_name=name[:200],
        digest=content_digest,
        rows=len(rows),
    )
    PatrolLog.objects.bulk_create(
        [PatrolLog(organisation=organisation, logged_by=actor, batch=batch, **values) for _, values in rows],
        batch_size=500,
    )
    areas = sorted({values["area"].name for _, values in rows})
    changes = {
        "source_name": [None, batch.source_name],
        "rows": [None, batch.rows],
        "batch_areas": [None, areas],
        **changes,
    }
    log_event(action=action, actor=actor, target=batch, changes=changes)
    return batch


def patrol_batch_upload(
    *, actor, content: bytes, name: str, visits: list | None = None, submission=None
) -> PatrolBatch:
    """Log every row of a spreadsheet (CSV, or an Excel workbook named .xlsx; one row a visit) for the actor's organisation, or none.
    With `visits` (the API's JSON list, its areas by id; `content` is then the request's body,
    for the digest), each visit is a row numbered from 1, checked the same way.

    Each row is checked as the single patrol form and service check it (hotspots.patrol_batches):
    the area one the uploader may log in, the date and time real and past, the visit not twice in
    the file nor logged already. Any problem raises BatchRefused listing every row's, and nothing
    is saved.
    """
    require(actor, "hotspots.log_patrols", action="patrol.batch_upload")
    organisation = organisation_of(actor)
    areas = patrol_areas_for(actor)
    if visits is not None:
        rows = patrol_batches.check_rows(
            actor=actor, rows=patrol_batches.visit_rows(visits), areas=areas, areas_by_id=True
        )
    else:
        xlsx = name.lower().endswith(".xlsx")
        rows = patrol_batches.check_rows(
            actor=actor, rows=patrol_batches.read_rows(content, xlsx=xlsx), areas=areas
        )
    file_digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        # A repeat of this form (`submission`, its one-time token) is told it was saved once,
        # before the visits it logged could be refused as logged already.
        submissions.take(
            submission, actor=actor, action="patrol.batch_upload", content={"file": file_digest, "name": name}
        )
        _lock_areas(values["area"].pk for _, values in rows)
        errors = _refuse_police_powers(organisation, rows) + _refuse_visits_already_logged(organisation, rows)
        if errors:
            raise BatchRefused(errors)
        return _save(
            actor=actor,
            organisation=organisation,
            source=PatrolBatch.Source.SPREADSHEET,
            name=name,
            content_digest=file_digest,
            rows=rows,
            action="patrol.batch_upload",
            changes={},
        )


class GpsRefused(ValueError):
    """The visits cannot be saved; `errors` says why, each a sentence."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


def gps_visits_save(
    *,
    actor,
    visits: list[gps.Visit],
    digest: str,
    name: str,
    gap_minutes: float = gps.DEFAULT_GAP_MINUTES,
    min_minutes: float = gps.DEFAULT_MIN_MINUTES,
) -> PatrolBatch:
    """Save the visits derived from one GPS file as police patrols of kind GPS, in one batch.

    The file is known by its SHA-256 `digest` only (its pings are never kept): a file already
    saved is refused, and so is a visit the police have logged already. GpsRefused says why.
    """
    require(actor, "hotspots.derive_gps_visits", action="patrol.gps_save")
    organisation = organisation_of(actor)
    if not visits:
        raise GpsRefused(["The file gives no visits to save: no run of pings in an area was long enough"])
    records = patrol_batches.gps_patrols(visits)
    with transaction.atomic():
        areas = _lock_areas(values["area_id"] for _, values in records)
        if gps_file_saved(digest) is not None:
            raise GpsRefused(["This file's visits are saved already: the same file is not saved twice"])
        rows, errors = [], []
        for number, record in records:
            area = areas.get(record["area_id"])
            if area is None:
                errors.append(f"Visit {number}: its area {record['area_name']!r} has been removed since")
                continue
            if record["minutes"] > MAX_VISIT_MINUTES:
                errors.append(
                    f"Visit {number} ({area.name}, {record['date']:%-d %B %Y} at {record['start_time']:%H:%M}) "
                    "lasts more than 24 hours: check the file's devices and times"
                )
                continue
            values = {k: v for k, v in record.items() if k not in ("area_id", "area_name")}
            rows.append((number, {**values, "area": area}))
        errors += [f"Visit {e.row}: {e.message}" for e in _refuse_visits_already_logged(organisation, rows)]
        if errors:
            raise GpsRefused(errors)
        try:
            with transaction.atomic():
                return _save(
                    actor=actor,
                    organisation=organisation,
                    source=PatrolBatch.Source.GPS,
                    name=name,
                    content_digest=digest,
                    rows=rows,
                    action="patrol.gps_save",
                    changes={
                        "gps_rule": [
                            None,
                            gps.rule_in_words(gap_minutes=gap_minutes, min_minutes=min_minutes),
                        ],
                        "digest": [None, digest],
                    },
                )
        except IntegrityError:  # saved by someone else in the meantime
            raise GpsRefused(
                ["This file's visits are saved already: the same file is not saved twice"]
            ) from None


def patrol_batch_undo(*, actor, batch: PatrolBatch) -> PatrolBatch:
    """Remove every patrol of a batch still held, by its uploader within 7 days; one event."""
    require(actor, "hotspots.undo_patrol_batch", batch, action="patrol.batch_undo")
    require(actor, "hotspots.undo_patrol_batch_in_time", batch, action="patrol.batch_undo")
    with transaction.atomic():
        batch = PatrolBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.undone_at is not None:  # undone by a second click in the meantime
            refuse(
                "This batch has been undone already.",
                action="patrol.batch_undo",
                actor=actor,
                record=False,
                status=409,
            )
        patrols = PatrolLog.objects.filter(batch=batch)
        removed = patrols.count()
        batch.undone_at, batch.undone_by = timezone.now(), actor
        batch.save(update_fields=["undone_at", "undone_by"])
        log_event(
            action="patrol.batch_undo",
            actor=actor,
            target=batch,
            changes={"source_name": [batch.source_name, None], "rows": [removed, None]},
        )
        patrols.delete()
    return batch
