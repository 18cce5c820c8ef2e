"""The programme's headline for the financial quarter so far, as a manager's home page shows it.

Its figures count the whole programme's history (every plan, every patrol since the first, the
quarter's incidents in every hotspot), so working them out on each load of the home page would
cost more as the programme grows. They are worked out once for each day and each state of the
records, and kept: the key is the day and the newest recorded change (audit.selectors
.newest_change). Every write is audited in its own transaction, so a kept headline is never one
the records have moved past; the page says when it was worked out all the same.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

from audit.selectors import newest_change

from ..periods import Quarter
from .computing import figures_for_scope
from .scope import whole_programme
from .words import statement_sentences

KEPT_FOR = 24 * 60 * 60  # seconds: the key moves on with the day in any case


@dataclass(frozen=True)
class Headline:
    quarter: Quarter
    sentences: list[str]
    worked_out_at: datetime.datetime


def quarter_headline(today: datetime.date) -> Headline:
    """The whole programme's headline sentences for the financial quarter of `today` so far
    (statement_sentences, as the programme page gives them), kept until the records change."""
    sequence, digest = newest_change() or (0, "")
    key = f"programme-headline:{today.isoformat()}:{sequence}:{digest}"
    headline = cache.get(key)
    if headline is None:
        quarter = Quarter.of(today)
        figures = figures_for_scope(whole_programme(), start=quarter.start, end=today, today=today)
        headline = Headline(quarter, statement_sentences(figures), timezone.now())
        cache.set(key, headline, KEPT_FOR)
    return headline
