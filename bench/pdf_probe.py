"""Render the PDF reports in this fresh process and print their times and peak memory as JSON.

Run by the benchmark (`python -m bench.pdf_probe --repeat N`) with DATABASE_URL pointing at
the benchmark database. Each PDF renders in a child of the renderer's fork server, which
reports its own peak resident memory (reports.rendering.peak_child_kib): the render's cost.
"""

import argparse
import datetime
import io
import json
import resource
import statistics
import sys
import time


def _peak_children_mb() -> float:
    from reports import rendering

    return rendering.peak_child_kib / 1024  # KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    import pypdf
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench import build
    from hotspots.models import Area
    from plans.models import Plan

    User = get_user_model()
    out = {"memory_how": "getrusage(RUSAGE_SELF).ru_maxrss of the render child, as it reports"}

    def measure(key, render):
        try:
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as ctx:
                pdf = render()
            pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
            # That first render was the warm-up; with few rounds (the tiny test) it is also the first sample.
            times = [] if args.repeat >= 3 else [time.perf_counter() - started]
            for _ in range(args.repeat - len(times)):
                started = time.perf_counter()
                render()
                times.append(time.perf_counter() - started)
            peak = _peak_children_mb()
            out[key] = {
                "seconds": times,
                "queries": len(ctx.captured_queries),
                "pages": pages,
                "bytes": len(pdf),
                "peak_rss_mb": round(peak, 1) if peak else None,
            }
            if not peak:
                out[key]["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
                out["memory_how"] = "no forked worker here: this process's own max RSS"
        except Exception as exc:  # noqa: BLE001 - reported to the benchmark
            out[key] = {"error": f"{type(exc).__name__}: {exc}"}

    from reports.plan_pdf import plan_report_pdf
    from reports.programme_pdf import programme_report_pdf

    plan = Plan.objects.get(pk=build.REPORT_PLAN_ID)
    # The plan report first: RUSAGE_CHILDREN only ever grows, so each figure is read after its own renders.
    measure("plan_report", lambda: plan_report_pdf(plan=plan, user=plan.owner, partner_version=False))
    manager = User.objects.get(username="manager")
    end = datetime.date.today()
    start = end - datetime.timedelta(days=91)
    measure("programme_report", lambda: programme_report_pdf(user=manager, start=start, end=end))
    out["programme_report"]["period"] = [str(start), str(end)]
    out["programme_report"]["areas"] = Area.objects.filter(plans__isnull=False).distinct().count()
    for item in out.values():
        if isinstance(item, dict) and "seconds" in item:
            item["median"] = statistics.median(item["seconds"])
    print(json.dumps(out, default=str))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
