"""Rota compliance for scripts: the same figures as the compliance page, for the whole programme."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hotspots.compliance import Totals, compliance
from hotspots.models import FundedTarget, PatrolLog, RotaSlot
from hotspots.target import progress


def _date(text: str, option: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{option} must be a date as YYYY-MM-DD, e.g. 2026-07-01") from None


def _hours(value) -> str:
    return f"{value:,.1f}"


def _percent(value) -> str:
    return "no slots planned" if value is None else f"{value:.1f}%"


def _figures(totals) -> str:
    if not totals.slots:
        return "no slots planned"
    return (
        f"{_hours(totals.delivered_hours)} of {_hours(totals.planned_hours)} planned hours, "
        f"{_percent(totals.compliance)} ({totals.delivered} delivered, {totals.part_delivered} "
        f"part-delivered, {totals.missed} missed)"
    )


def _outside_by_organisation(outside) -> dict:
    """Organisation name -> (visits outside every slot, their minutes)."""
    counts: dict = {}
    for visit in outside:
        visits, minutes = counts.get(visit["organisation"], (0, 0))
        counts[visit["organisation"]] = (visits + 1, minutes + visit["minutes"])
    return counts


def _by_organisation(result, outside) -> list[tuple]:
    """(name, Totals, visits outside, their minutes) for each organisation with slots or visits outside them."""
    apart = _outside_by_organisation(outside)
    names = sorted(set(result.by_organisation) | set(apart))
    return [(name, result.by_organisation.get(name, Totals()), *apart.get(name, (0, 0))) for name in names]


def _progress(progress) -> dict:
    return {
        "hours": progress.target_hours,
        "delivered_hours": progress.delivered_hours,
        "percent_of_target": progress.percent_of_target,
        "percent_of_period": progress.percent_of_period,
        "needed_per_week": progress.needed_per_week,
        "projected_hours": progress.projected_hours,
    }


class Command(BaseCommand):
    help = (
        "Print the rota's planned hours, delivered hours and compliance per area and organisation, "
        "per area and per organisation for slots starting from --from to --to (inclusive), the "
        "visits outside every slot, and the funded target's progress (each organisation's too)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="first", required=True, help="first date, YYYY-MM-DD")
        parser.add_argument("--to", dest="last", required=True, help="last date, YYYY-MM-DD")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options):
        first, last = _date(options["first"], "--from"), _date(options["last"], "--to")
        if last < first:
            raise CommandError("--to must be the same as or after --from")
        if (last - first).days > 3 * 366:
            raise CommandError("Give a period of at most three years")
        result = compliance(
            slots=RotaSlot.objects.all(), patrols=PatrolLog.objects.all(), first=first, last=last
        )
        outside = [
            {
                "area": v["area__name"],
                "organisation": v["organisation__name"],
                "date": v["date"].isoformat(),
                "start_time": v["start_time"].strftime("%H:%M"),
                "minutes": v["minutes"],
            }
            for v in result.outside
        ]
        target = FundedTarget.objects.first()
        done = (
            progress(target, patrols=PatrolLog.objects.all(), today=timezone.localdate()) if target else None
        )
        organisations = _by_organisation(result, outside)
        if options["json"]:
            document = {
                "from": first.isoformat(),
                "to": last.isoformat(),
                "total": result.total.as_dict(),
                "by_area_and_organisation": [
                    {"area": area, "organisation": organisation, **totals.as_dict()}
                    for (area, organisation), totals in result.by_area_organisation.items()
                ],
                "by_area": [{"area": area, **totals.as_dict()} for area, totals in result.by_area.items()],
                "by_organisation": [
                    {
                        "organisation": name,
                        **totals.as_dict(),
                        "visits_outside_slots": visits,
                        "minutes_outside_slots": minutes,
                    }
                    for name, totals, visits, minutes in organisations
                ],
                "visits_outside_slots": outside,
                "target": None
                if done is None
                else {
                    "first_date": done.first.isoformat(),
                    "last_date": done.last.isoformat(),
                    **_progress(done),
                    "police_hours": done.police_hours,
                    "partner_hours": done.partner_hours,
                    "organisations": [
                        {"organisation": each.name, **_progress(each.progress)} for each in done.organisations
                    ],
                },
            }
            self.stdout.write(json.dumps(document, indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"Patrol rota compliance, slots starting {first:%-d %B %Y} to {last:%-d %B %Y}")
        if not result.slots:
            self.stdout.write("  No slots were planned in this period.")
        else:
            self.stdout.write("By area and organisation:")
        for (area, organisation), totals in result.by_area_organisation.items():
            self.stdout.write(f"  {area} – {organisation}: {_figures(totals)}")
        if result.slots:
            self.stdout.write("By area:")
        for area, totals in result.by_area.items():
            self.stdout.write(f"  {area}: {_figures(totals)}")
        if organisations:
            self.stdout.write("By organisation:")
        for name, totals, visits, minutes in organisations:
            apart = f"; {visits} visit{'' if visits == 1 else 's'} outside every slot ({minutes} minutes)"
            self.stdout.write(f"  {name}: {_figures(totals)}{apart if visits else ''}")
        total = result.total
        self.stdout.write(
            f"  All: {_hours(total.delivered_hours)} of {_hours(total.planned_hours)} planned hours, "
            f"{_percent(total.compliance)}"
        )
        self.stdout.write(f"Visits outside every slot: {len(outside)}")
        for visit in outside:
            self.stdout.write(
                f"  {visit['date']} {visit['start_time']} {visit['area']} – {visit['organisation']}, "
                f"{visit['minutes']} minutes"
            )
        if done is None:
            self.stdout.write("No funded target is set.")
        else:
            self.stdout.write(
                f"Funded target, {done.first:%-d %B %Y} to {done.last:%-d %B %Y}: {done.words()}"
            )
            self.stdout.write(
                f"  Police {_hours(done.police_hours)} hours, partners {_hours(done.partner_hours)} hours"
            )
            if done.needed_per_week is not None:
                self.stdout.write(f"  Needed each week to reach it: {_hours(done.needed_per_week)} hours")
            if done.projected_hours is not None:
                self.stdout.write(f"  By the end at the rate so far: {_hours(done.projected_hours)} hours")
            if done.organisations:
                self.stdout.write("Each organisation's own target:")
            for each in done.organisations:
                first_sentence, *rest = each.sentences()
                self.stdout.write(f"  {first_sentence}")
                for sentence in rest:
                    self.stdout.write(f"    {sentence}")
