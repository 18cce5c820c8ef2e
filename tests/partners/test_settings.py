import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _collected(folder: Path) -> str:
    """A STATIC_ROOT holding a manifest as collectstatic writes it (`make check-deploy` runs the
    real collectstatic before the check)."""
    folder.mkdir(exist_ok=True)
    manifest = {"paths": {"reports/pdf.css": "reports/pdf.0123456789ab.css"}, "version": "1.1", "hash": "x"}
    (folder / "staticfiles.json").write_text(json.dumps(manifest))
    return str(folder)


def _check(env_extra):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "STATIC_ROOT"}}
    env.update({"DJANGO_SETTINGS_MODULE": "config.production", **env_extra})
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_the_default_secret():
    result = _check({"ALLOWED_HOSTS": "plans.example.org"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_with_a_real_secret_passes_the_deploy_check(tmp_path):
    result = _check(
        {
            "ALLOWED_HOSTS": "plans.example.org",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "STATIC_ROOT": _collected(tmp_path / "static"),
        }
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_the_deploy_check_fails_until_collectstatic_has_run(tmp_path):
    env = {"ALLOWED_HOSTS": "plans.example.org", "SECRET_KEY": secrets.token_urlsafe(50)}
    result = _check({**env, "STATIC_ROOT": str(tmp_path / "never-collected")})
    assert result.returncode != 0
    assert "reports.E001" in result.stderr and "collectstatic" in result.stderr
    (tmp_path / "stale").mkdir()
    (tmp_path / "stale" / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    result = _check({**env, "STATIC_ROOT": str(tmp_path / "stale")})
    assert result.returncode != 0
    assert "reports.E003" in result.stderr and "reports/pdf.css" in result.stderr


def test_an_app_server_runs_the_production_settings_and_manage_py_the_development_ones():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update({"ALLOWED_HOSTS": "plans.example.org", "SECRET_KEY": secrets.token_urlsafe(50)})
    script = (
        "import config.wsgi, config.asgi; from django.conf import settings; "
        "print(settings.SETTINGS_MODULE, settings.DEBUG)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["config.production", "False"]
    shell = "from django.conf import settings; print(settings.SETTINGS_MODULE, settings.DEBUG)"
    assert _shell(shell, {**env, "DEBUG": "true"}) == ["config.settings", "True"]


def test_gunicorn_outwaits_a_pdf_export_and_has_its_own_control_socket(monkeypatch):
    import runpy

    from django.conf import settings

    monkeypatch.delenv("GUNICORN_TIMEOUT", raising=False)
    monkeypatch.delenv("GUNICORN_WORKERS", raising=False)
    config = runpy.run_path(str(ROOT / "config" / "gunicorn.conf.py"))
    assert config["wsgi_app"] == "config.wsgi:application"
    # Exports rendering at once hold workers of their own; one finding no slot free does not
    # wait for one (holding a worker), it is told at once to try again.
    assert config["workers"] == 2 * os.cpu_count() + 1 + settings.PDF_RENDER_CONCURRENCY
    assert settings.PDF_RENDER_QUEUE_SECONDS == 0
    assert config["timeout"] > settings.PDF_RENDER_QUEUE_SECONDS + settings.PDF_RENDER_TIMEOUT
    assert config["graceful_timeout"] >= config["timeout"]
    assert config["control_socket_mode"] == 0o600
    assert config["control_socket"].endswith("gunicorn.ctl")


def _shell(script: str, env: dict) -> list[str]:
    """What a script prints, run by manage.py shell in a fresh process with this environment."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_production_keeps_database_connections_and_checks_them():
    script = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    env = {k: v for k, v in os.environ.items() if k != "CONN_MAX_AGE"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.production",
            "ALLOWED_HOSTS": "plans.example.org",
            "SECRET_KEY": secrets.token_urlsafe(50),
        }
    )
    assert _shell(script, env) == ["60", "True"]


def test_the_embedded_sqlite_database_keeps_a_write_ahead_log_and_syncs_every_commit(tmp_path):
    script = (
        "from django.db import connection; c = connection.cursor(); "
        "print(c.execute('PRAGMA journal_mode').fetchone()[0], c.execute('PRAGMA synchronous').fetchone()[0])"
    )
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'plans.sqlite3'}"}
    assert _shell(script, env) == ["wal", "2"]  # 2: FULL


def test_the_embedded_sqlite_database_reads_through_a_memory_map_unless_turned_off(tmp_path):
    script = "from django.db import connection; print(connection.cursor().execute('PRAGMA mmap_size').fetchone()[0])"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'plans.sqlite3'}"}
    env.pop("SQLITE_MMAP_SIZE", None)
    assert _shell(script, env) == [str(1024 * 1024 * 1024)]
    assert _shell(script, {**env, "SQLITE_MMAP_SIZE": "0"}) == ["0"]
