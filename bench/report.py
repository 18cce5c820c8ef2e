"""bench/results.json (every run kept per database and scale) and the readable table."""

from __future__ import annotations

import json
from pathlib import Path

from .measure import SPECS

GROWTH_KINDS = ("seconds", "per_second", "megabytes")
RESULT = {True: "pass", False: "FAIL", None: "information"}


def load(path: Path) -> dict:
    try:
        data = json.loads(path.read_text())
        if isinstance(data, dict) and isinstance(data.get("runs"), dict):
            return data
    except (OSError, ValueError):
        pass
    return {"runs": {}}


def growth(runs: dict) -> dict:
    """Absolute figures at full scale over the same figures at small scale, per database."""
    out = {}
    for vendor in sorted({run["database"]["vendor"] for run in runs.values()}):
        small, full = runs.get(f"{vendor}/small"), runs.get(f"{vendor}/full")
        if not small or not full:
            continue
        rows = {}
        for spec in SPECS:
            a, b = small["measurements"].get(spec.key, {}), full["measurements"].get(spec.key, {})
            if a.get("status") == b.get("status") == "measured":
                rows[spec.key] = {
                    "small": a["median"],
                    "full": b["median"],
                    "factor": round(b["median"] / a["median"], 2),
                }
                if spec.kind == "ratio":  # and the page or service's own time
                    rows[f"{spec.key} (own time)"] = {
                        "small": a["subject_median_s"],
                        "full": b["subject_median_s"],
                        "factor": round(b["subject_median_s"] / a["subject_median_s"], 2),
                    }
        out[vendor] = rows
    return out


def save(path: Path, run: dict) -> dict:
    data = load(path)
    key = f"{run['database']['vendor']}/{run['scale']}"
    data["runs"][key] = run
    data["latest"] = key
    data["growth"] = growth(data["runs"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, sort_keys=False, default=str) + "\n")
    path.with_suffix(".md").write_text(markdown(data))
    return data


def fmt(kind: str, value) -> str:
    if value is None:
        return ""
    if kind == "ratio":
        return f"{value:.2f}"
    if kind == "seconds":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if kind == "per_second":
        return f"{value:,.0f}/s"
    if kind == "megabytes":
        return f"{value:.0f} MB"
    return str(value)


def notes(key: str, m: dict) -> str:
    """The few facts that say what was measured (pages, areas, rows, events)."""
    d = m.get("detail") or {}
    if key.startswith("pdf_") and key != "pdf_peak_memory":
        parts = [f"{d.get('pages')} pages"] if d.get("pages") else []
        if d.get("areas"):
            parts.append(f"{d['areas']} areas")
        return ", ".join(parts)
    if key == "import_month":
        return f"{d.get('rows', 0):,} rows"
    if key == "programme_page":
        return f"information: {d.get('incidents_in_database', 0):,} incidents in the database"
    if key == "area_figures":
        return f"{d.get('incidents_in_database', 0):,} incidents in the database"
    if key == "verify_audit":
        return f"{d.get('events', 0):,} events"
    if key == "selector":
        return f"{d.get('plans_visible', 0):,} plans visible"
    if key == "transition":
        return f"the event adds {d.get('event_overhead_percent')}%"
    if key == "our_tasks":
        return "the page also counts both views and draws each row's forms"
    if key == "audit_search":
        return "the search also checks the reader and counts (up to 10,000) matches"
    if key == "transition_bare_update":
        return "information: the service's lock, re-read, conditions and event vs the UPDATE alone"
    return ""


def table(run: dict) -> str:
    lines = [
        "| Measurement | Median | Spread (min to max) | n | Queries (page / baseline) | Goal | Result | Notes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for spec in SPECS:
        m = run["measurements"].get(spec.key)
        if m is None:
            continue
        if m["status"] != "measured":
            lines.append(f"| {spec.title} | {m['status']}: {m.get('reason', '')} | | | | {spec.goal} | | |")
            continue
        spread = m["spread"]
        queries = m.get("queries", {})
        q = " / ".join(str(queries[k]) for k in ("subject", "baseline") if k in queries)
        if spec.kind == "ratio":
            q += f" ({fmt('seconds', m['subject_median_s'])} vs {fmt('seconds', m['baseline_median_s'])})"
        goal = (
            spec.goal or "none"
            if spec.kind != "seconds" or not spec.goal
            else f"{spec.goal.split()[0]} {fmt('seconds', float(spec.goal.split()[1]))}"
        )
        lines.append(
            f"| {spec.title} | {fmt(spec.kind, m['median'])} | {fmt(spec.kind, spread['min'])} to "
            f"{fmt(spec.kind, spread['max'])} | {m['n']} | {q} | {goal} | {RESULT[m['pass']]} | "
            f"{notes(spec.key, m)} |"
        )
    return "\n".join(lines)


def heading(run: dict) -> str:
    machine, db, build = run["machine"], run["database"], run["build"]
    rows = build.get("rows", {})
    return (
        f"### {db['vendor']} / {run['scale']} — {run['date']}\n\n"
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gb']} GB, "
        f"Python {machine['python']}, {db['version']} ({db.get('durability', 'durability not recorded')}), "
        f"Django {db['django']}; "
        f"load average at start {machine.get('load_average')}.\n"
        f"Data: {rows.get('plans', '?'):,} plans, {rows.get('tasks', '?'):,} tasks, "
        f"{rows.get('organisations', '?'):,} organisations, {rows.get('audit_events', '?'):,} audit events, "
        f"{rows.get('incidents', '?'):,} incidents (real police.uk rows repeated with shifted months). "
        f"Build {build.get('seconds', 0):.0f} s{' (cached)' if build.get('reused') else ''}, "
        f"measurements {run['run_seconds']:.0f} s, {run['repeat']} rounds each "
        "(more for a transition and the selector: the n column).\n"
    )


def growth_table(vendor: str, rows: dict) -> str:
    kinds = {spec.key: spec.kind for spec in SPECS}
    lines = [
        f"Growth from small to full ({vendor}):",
        "",
        "| Measurement | small | full | full / small |",
        "|---|---|---|---|",
    ]
    for key, row in rows.items():
        kind = "seconds" if key.endswith("(own time)") else kinds[key]
        lines.append(
            f"| {key} | {fmt(kind, row['small'])} | {fmt(kind, row['full'])} | {row['factor']:.2f} |"
        )
    return "\n".join(lines)


def markdown(data: dict) -> str:
    parts = ["# Benchmark results", "", "Written by `python -m bench` (`make bench`); newest run first.", ""]
    runs = sorted(data["runs"].values(), key=lambda r: r["date"], reverse=True)
    for run in runs:
        parts += [heading(run), table(run), ""]
    for vendor, rows in data.get("growth", {}).items():
        parts += [growth_table(vendor, rows), ""]
    return "\n".join(parts)
