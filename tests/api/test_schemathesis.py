"""schemathesis against the live schema: every operation, all of its checks, a bounded number of examples."""

import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from .records import full_agreement, full_person, full_study, make_full_event, make_organisation, viet_nam

CONFIG = Path(__file__).with_name("schemathesis.toml")


@pytest.fixture
def live_api(live_server, transactional_db, monkeypatch):
    # Generated requests come fast; the throttle has its own tests (test_access.py).
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {**api_settings.DEFAULT_THROTTLE_RATES, "anon": None})
    make_full_event(country=viet_nam(), slug="regional-dialogue")
    make_organisation(slug="armac")
    full_person(slug="rothna-buth")
    full_agreement(slug="armac-mou")
    full_study(slug="feasibility-study")
    return live_server.url


def test_live_api_passes_every_schemathesis_check(live_api, tmp_path):
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "--config-file",
        str(CONFIG),
        "run",
        f"{live_api}/api/v1/schema/",
        "--checks",
        "all",
        "--max-examples",
        "20",
        "--generation-deterministic",
        "--no-color",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False, cwd=tmp_path)  # noqa: S603
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
