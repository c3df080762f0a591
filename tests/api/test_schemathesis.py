"""schemathesis against the live schema: every operation, all of its checks, a bounded number of examples."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import transaction
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from .records import full_agreement, full_person, full_study, make_full_event, make_organisation, viet_nam

CONFIG = Path(__file__).with_name("schemathesis.toml")


@pytest.fixture
# One commit for all the rows: the stored exports are rebuilt once (events.exports), not at each row's commit.
@transaction.atomic
def live_api(live_server, transactional_db, monkeypatch):
    # Generated requests come fast; the throttle has its own tests (test_access.py).
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {**api_settings.DEFAULT_THROTTLE_RATES, "anon": None})
    make_full_event(country=viet_nam(), slug="regional-dialogue")
    make_organisation(slug="armac")
    full_person(slug="rothna-buth")
    full_agreement(slug="armac-mou")
    full_study(slug="feasibility-study")
    return live_server.url


# The operations in groups that run as separate tests, so that parallel workers share them (one run of
# every operation was the suite's longest test by far). Each group holds whole resources (list and
# detail together), so the stateful phase still follows every link between them. A group costs a few
# seconds per operation; five groups of at most four operations keep any one test from being the tail of a
# parallel run. The last group is "every other path", so an operation added later is never left out.
EVENTS = "^/api/v1/events/"
PARTNERS = "^/api/v1/(organisations|people)/"
AGREEMENTS = "^/api/v1/(agreements|studies)/"
TAXONOMY = "^/api/v1/(countries|themes)/"
OPERATION_GROUPS = {
    "events": ["--include-path-regex", EVENTS],
    "organisations, people": ["--include-path-regex", PARTNERS],
    "agreements, studies": ["--include-path-regex", AGREEMENTS],
    "countries, themes": ["--include-path-regex", TAXONOMY],
    # One pattern: schemathesis keeps only the last of repeated --exclude-path-regex options (with two,
    # this group used to test the events a second time, the same deterministic cases over again).
    "every other path": [
        "--exclude-path-regex",
        "|".join(f"(?:{regex})" for regex in (EVENTS, PARTNERS, AGREEMENTS, TAXONOMY)),
    ],
}


@pytest.mark.parametrize("group", OPERATION_GROUPS)
def test_live_api_passes_every_schemathesis_check(group, live_api, tmp_path):
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
        *OPERATION_GROUPS[group],
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False, cwd=tmp_path)  # noqa: S603
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    # A group that matched no operation would pass having tested nothing.
    selected = re.search(r"Selected: (\d+)/\d+\s+Tested: (\d+)", result.stdout)
    assert selected, result.stdout[-3000:]
    assert int(selected[1]) > 0
    assert selected[2] == selected[1]
