"""Rota compliance for scripts: the same figures as the compliance page, for the whole programme."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hotspots.compliance import compliance
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


class Command(BaseCommand):
    help = (
        "Print the rota's planned hours, delivered hours and compliance per area and organisation "
        "for slots starting from --from to --to (inclusive), and the visits outside every slot."
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
        if options["json"]:
            document = {
                "from": first.isoformat(),
                "to": last.isoformat(),
                "total": result.total.as_dict(),
                "by_area_and_organisation": [
                    {"area": area, "organisation": organisation, **totals.as_dict()}
                    for (area, organisation), totals in result.by_area_organisation.items()
                ],
                "visits_outside_slots": outside,
                "target": None
                if done is None
                else {
                    "first_date": done.first.isoformat(),
                    "last_date": done.last.isoformat(),
                    "hours": done.target_hours,
                    "delivered_hours": done.delivered_hours,
                    "police_hours": done.police_hours,
                    "partner_hours": done.partner_hours,
                    "percent_of_target": done.percent_of_target,
                    "percent_of_period": done.percent_of_period,
                    "needed_per_week": done.needed_per_week,
                    "projected_hours": done.projected_hours,
                },
            }
            self.stdout.write(json.dumps(document, indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"Patrol rota compliance, slots starting {first:%-d %B %Y} to {last:%-d %B %Y}")
        if not result.slots:
            self.stdout.write("  No slots were planned in this period.")
        for (area, organisation), totals in result.by_area_organisation.items():
            self.stdout.write(
                f"  {area} – {organisation}: {_hours(totals.delivered_hours)} of "
                f"{_hours(totals.planned_hours)} planned hours, {_percent(totals.compliance)} "
                f"({totals.delivered} delivered, {totals.part_delivered} part-delivered, {totals.missed} missed)"
            )
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
