"""The programme's figures: what a Police and Crime Commissioner publishes, computed from our own records.

Scope (PRODUCT.md permission table, "programme dashboard"): a manager reads the whole
programme; an officer the plans they own or co-own (and the patrols in those plans'
hotspots); a partner lead their own organisation's patrols and tasks and the plans their
organisation is on. Every query is an aggregate: the number of queries does not depend on
how many plans, tasks or patrols there are.

Definitions a reader of the figures needs:
- patrol-hours are minutes on patrol / 60; person-hours multiply by the staff on the patrol;
  both to one decimal place. "Partners" are every organisation whose kind is not police.
- "since the programme started" runs from the earliest patrol or plan start in scope to the
  end of the period.
- plans by state, past their review date and tasks overdue are as they stand today (a plan's
  state on a past date is not recorded apart from the audit trail), and say so. A task is
  overdue only on an open plan, as the overdue reminders count it.
- crime is compared over the whole calendar months inside the period (police.uk dates each
  incident by month only), cut at the last month imported, against the same months a year
  earlier, within all the scope's hotspot areas combined (each incident counted once): every
  area for a manager, the areas of their plans for an officer or a partner lead.
- patrol change quarter on quarter compares the latest whole calendar quarter ending on or
  before the period end (and before today) with the quarter before it.
- a percentage is "not defined" when its base is zero or a month of the year before has no
  imported incident data, and an incident percentage is "too few incidents to judge" when its
  base is below MIN_BASE.
"""

from hotspots.models import ASB, SERIOUS_VIOLENCE
from hotspots.patrols import hours

from .computing import (
    AWAITING_REASSIGNMENT,
    PATROL_SUMS,
    figures_for_scope,
    is_police_case,
    patrol_aggregates,
    patrol_totals,
    programme_figures,
    tasks_overdue_by_organisation,
)
from .figures import (
    MIN_BASE,
    MIN_BASE_HOURS,
    NO_DATA_AFTER,
    NO_DATA_BEFORE,
    NOT_DEFINED,
    TOO_FEW,
    TOO_FEW_HOURS,
    Change,
    ChartData,
    PatrolTotals,
    ProgrammeFigures,
    Tally,
    percent_change,
)
from .headline import Headline, quarter_headline
from .scope import Scope, default_quarter, scope_for, whole_programme
from .words import (
    change_words,
    figure_tables,
    figures_json,
    figures_text,
    number,
    rendered_charts,
    statement_sentences,
)

__all__ = [
    "ASB",
    "AWAITING_REASSIGNMENT",
    "MIN_BASE",
    "MIN_BASE_HOURS",
    "NO_DATA_AFTER",
    "NO_DATA_BEFORE",
    "NOT_DEFINED",
    "PATROL_SUMS",
    "SERIOUS_VIOLENCE",
    "TOO_FEW",
    "TOO_FEW_HOURS",
    "Change",
    "Headline",
    "ChartData",
    "PatrolTotals",
    "ProgrammeFigures",
    "Scope",
    "Tally",
    "change_words",
    "default_quarter",
    "figure_tables",
    "figures_for_scope",
    "figures_json",
    "figures_text",
    "hours",
    "is_police_case",
    "number",
    "patrol_aggregates",
    "patrol_totals",
    "percent_change",
    "programme_figures",
    "quarter_headline",
    "rendered_charts",
    "scope_for",
    "statement_sentences",
    "tasks_overdue_by_organisation",
    "whole_programme",
]
