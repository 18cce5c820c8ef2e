"""Slots matched with the patrols that overlap them, in Python: pure logic, no database.

The rule is the one hotspots.compliance states: a patrol counts towards a slot of its own area
and organisation when their times overlap, both measured as wall-clock minutes since 1970-01-01
00:00 (hotspots.rota.local_minutes) plus their real minutes, and the patrol is dated from the
day before the slot's date to the day after (a slot and a patrol each last at most a day).

Each (area, organisation)'s patrols are sorted by start once; a slot then finds its candidates
by bisecting that list between the earliest start its date allows and the earlier of its end
and the latest start its date allows, so the whole programme is one pass over its slots
instead of a query per slot.
"""

import bisect
import datetime
from collections import defaultdict

DAY = 24 * 60
EPOCH_ORDINAL = datetime.date(1970, 1, 1).toordinal()


def day_minutes(date: datetime.date) -> int:
    """Midnight at the start of the date, in wall-clock minutes since 1970-01-01 00:00."""
    return (date.toordinal() - EPOCH_ORDINAL) * DAY


def start_minutes(date: datetime.date, time: datetime.time) -> int:
    """A patrol's start as the database counts it: whole minutes, seconds dropped."""
    return day_minutes(date) + time.hour * 60 + time.minute


def match(slots, patrols) -> tuple[list[int], bytearray]:
    """Each slot's minutes covered by its patrols (summed over them, not yet capped at its
    length), and for each patrol whether it overlaps any of the slots (1) or none (0).

    `slots`: (key, date, local_start, local_end) each; `patrols`: a list of (key, date,
    start_time, minutes), key being whatever names the area and organisation (the same for both).
    """
    groups: dict = defaultdict(list)
    for index, (key, date, start_time, minutes) in enumerate(patrols):
        start = start_minutes(date, start_time)
        groups[key].append((start, start + minutes, index))
    starts: dict = {}
    for key, entries in groups.items():
        entries.sort()
        starts[key] = [entry[0] for entry in entries]
    covered = []
    inside = bytearray(len(patrols))
    for key, date, slot_start, slot_end in slots:
        entries = groups.get(key)
        total = 0
        if entries:
            keyed = starts[key]
            midnight = day_minutes(date)
            lo = bisect.bisect_left(keyed, midnight - DAY)  # dated the day before, or later
            hi = bisect.bisect_left(keyed, min(slot_end, midnight + 2 * DAY))  # ... the day after, or earlier
            for position in range(lo, hi):
                start, end, index = entries[position]
                if end > slot_start:
                    total += min(end, slot_end) - max(start, slot_start)
                    inside[index] = 1
        covered.append(total)
    return covered, inside
