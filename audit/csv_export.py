"""The audit search as CSV, streamed in constant memory, safe to open in a spreadsheet."""

import csv
import datetime
import json
from types import SimpleNamespace

from . import personal, presentation

_COLUMNS = [
    "sequence",
    "occurred_at",
    "actor_username",
    "actor_organisation",
    "action",
    "target_type",
    "target_id",
    "target_label",
    "plan_reference",
    "changes",
    "police_only",
    "reason",
    "request_id",
    "ip_address",
    "hash",
]
# Beside a raw column, the same in words (audit.presentation): who, what, and each change.
_IN_WORDS = {"actor_organisation": "who", "action": "what", "changes": "changes_in_words"}
# The header says the time is UTC; otherwise the columns are named as read.
HEADER = [
    name
    for column in _COLUMNS
    for name in ("occurred_at_utc" if column == "occurred_at" else column, _IN_WORDS.get(column))
    if name
]
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection");
# the funder return (reports.csv_export) guards its cells with the same list.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        value = value.astimezone(datetime.UTC).isoformat(timespec="seconds")
    elif isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class _Echo:
    def write(self, value):
        return value


def rows(events, *, chunk_size: int = 2000):
    """CSV lines for a queryset of events (annotated with plan_reference), header first."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(HEADER)  # the byte-order mark tells spreadsheets it is UTF-8
    batch = []
    for values in events.values_list(*_COLUMNS).iterator(chunk_size=chunk_size):
        batch.append(values)
        if len(batch) == chunk_size:
            yield from _lines(writer, batch)
            batch = []
    yield from _lines(writer, batch)


def _lines(writer, batch):
    """The rows with sealed personal values read back (one query per chunk, none without any),
    and in words (one query per chunk for the people they name)."""
    index = {column: _COLUMNS.index(column) for column in _COLUMNS}
    revealed = personal.reveal(
        SimpleNamespace(**{column: values[index[column]] for column in _WORDS_READ}) for values in batch
    )
    described = presentation.describe(revealed)
    for values, event in zip(batch, described, strict=True):
        row = []
        for column, value in zip(_COLUMNS, values, strict=True):
            row.append(event.changes if column == "changes" else value)
            if column == "actor_organisation":
                row.append(event.words.who)
            elif column == "action":
                row.append(event.words.what)
            elif column == "changes":
                row.append("; ".join(str(change) for change in event.words.changes))
        yield writer.writerow([safe_cell(v) for v in row])


# What audit.presentation.describe reads of an event.
_WORDS_READ = ("actor_username", "actor_organisation", "action", "target_type", "target_label", "changes")
