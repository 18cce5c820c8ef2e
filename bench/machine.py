"""What the figures were measured on: CPU, cores, memory, Python, database."""

import os
import platform
from pathlib import Path


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def describe_machine() -> dict:
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gb": _memory_gb(),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
    }


def describe_database() -> dict:
    import django
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        version = f"SQLite {sqlite3.sqlite_version}"
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            journal = cursor.fetchone()[0]
            cursor.execute("PRAGMA synchronous")
            synchronous = _SQLITE_SYNCHRONOUS.get(cursor.fetchone()[0], "unknown")
            cursor.execute("PRAGMA mmap_size")
            mapped = cursor.fetchone()[0]
        durability = f"journal {journal}, synchronous {synchronous}, mmap {mapped // 2**20} MB"
    else:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
            cursor.execute("SHOW synchronous_commit")
            durability = f"synchronous_commit {cursor.fetchone()[0]}"
    return {
        "vendor": connection.vendor,
        "version": version,
        "django": django.get_version(),
        "durability": durability,
    }


# PRAGMA synchronous reads back as a number.
_SQLITE_SYNCHRONOUS = {0: "off", 1: "normal", 2: "full", 3: "extra"}
