"""bench/load.py's arithmetic: the ratios and the percentile it reports (the load itself runs
gunicorn for 90 s and is not part of the suite)."""

from bench import load
from bench.load import Record


def _records(page, real_ms, bare_ms, phase="steady"):
    return [Record(phase, page, "page", 200, ms / 1000, ms) for ms in real_ms] + [
        Record(phase, page, "bare", 200, ms / 1000, ms) for ms in bare_ms
    ]


def test_a_pages_ratio_is_its_median_over_its_bare_views_median():
    records = _records("Our tasks (partner lead)", [30, 10, 20, 500], [10, 9, 11])
    summary = load.summarise(records, [])
    tasks = summary["pages"]["Our tasks (partner lead)"]
    assert (tasks["median_ms"], tasks["bare_median_ms"], tasks["ratio"]) == (25.0, 10.0, 2.5)
    assert tasks["pass"] is False  # the goal is 2.0
    assert summary["pages"]["Plan list (manager)"]["pass"] is None  # not measured: no verdict


def test_the_pdf_phase_reads_the_95th_percentile_of_the_other_pages_waits():
    waits = [i / 100 for i in range(1, 101)]  # 0.01 s to 1.00 s
    records = [Record("pdf", "Plan list (manager)", "page", 200, w, 5.0) for w in waits]
    records += [Record("pdf", "Plan report PDF", "pdf", 200, 9.0, 9000.0)]
    records += [Record("pdf", "Plan report PDF", "pdf", 503, 10.0, 10.0)]
    pdf = load.summarise(records, [])["pdf_phase"]
    assert pdf["page_requests"] == 100
    assert pdf["page_p95_seconds"] == 0.95
    assert pdf["pass"] is True
    assert (pdf["pdfs_made"], pdf["pdfs_told_to_try_again"]) == (1, 1)


def test_errors_are_counted_and_the_first_kept():
    summary = load.summarise([], [f"GET /plans/ answered 500 ({i})" for i in range(12)])
    assert summary["errors"] == 12
    assert len(summary["first_errors"]) == 10


def test_the_users_are_mixed_by_role():
    names = {"manager": ["manager"], "officer": ["officer00", "officer01"], "partner": ["lead-a", "lead-b"]}
    people = load._mix(30, names)
    roles = [role for role, _ in people]
    assert len(people) == 30
    assert (roles.count("manager"), roles.count("officer"), roles.count("partner")) == (6, 10, 14)
    assert {name for role, name in people if role == "partner"} == {"lead-a", "lead-b"}
