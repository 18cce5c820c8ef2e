"""`python -m bench`: the product at programme scale, measured against baselines in the same run.

Builds (and caches) a synthetic programme in its own database, never the developer's
db.sqlite3 or a test database, then times the real pages and services against plain-Django
baselines on the same data. See bench/cli.py for the options and bench/results.md for the
latest figures.
"""
