"""The README's `manage.py` lines work as written on a fresh clone: no DEBUG=1 or SECRET_KEY in front (issue 15).

Production is unchanged: gunicorn loads armac_portal.wsgi, which still refuses to start without
SECRET_KEY, and so does manage.py when DEBUG=0 is given explicitly.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
README = (BASE_DIR / "README.md").read_text(encoding="utf-8")
# The environment a fresh shell has: none of the portal's settings.
PORTAL_VARIABLES = {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "ALLOWED_HOSTS", "REDIS_URL"}


def fresh_shell(**extra):
    env = {key: value for key, value in os.environ.items() if key not in PORTAL_VARIABLES}
    env.update(extra)
    return env


def manage(*args, **env):
    return subprocess.run(  # noqa: S603  (our own interpreter and code)
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=fresh_shell(**env),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def readme_commands():
    return sorted(set(re.findall(r"manage\.py ([a-z_]+)", README)))


def test_the_readme_names_manage_py_commands():
    assert "createsuperuser" in readme_commands()


@pytest.mark.parametrize("command", readme_commands())
def test_every_manage_py_command_of_the_readme_starts_in_a_fresh_shell(command):
    result = manage(command, "--help")
    assert result.returncode == 0, result.stderr
    assert "set SECRET_KEY" not in result.stderr


def test_createsuperuser_as_the_readme_gives_it_works_in_a_fresh_shell(tmp_path):
    database = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    migrated = manage("migrate", "--noinput", DATABASE_URL=database)
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    created = manage(
        "createsuperuser",
        "--noinput",
        "--username",
        "first-admin",
        "--email",
        "admin@example.org",
        DATABASE_URL=database,
        DJANGO_SUPERUSER_PASSWORD="a-long-and-unusual-password-42",
    )
    assert created.returncode == 0, created.stderr
    assert "local development mode" in created.stderr


def test_an_explicit_production_run_without_a_secret_key_still_refuses_to_start():
    result = manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "set SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_wsgi_application_without_a_secret_key_refuses_to_start():
    result = subprocess.run(
        [sys.executable, "-c", "import armac_portal.wsgi"],
        cwd=BASE_DIR,
        env=fresh_shell(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "set SECRET_KEY" in result.stderr
