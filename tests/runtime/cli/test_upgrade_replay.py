"""A spec upgrade turns what an older SDK had to keep into typed events: `listen` of the 1.0.0 SDK keeps SalesMan's
requests that 1.0.0 can't type, and `quarantine replay` of today's SDK hands them on as typed events, once."""

from __future__ import annotations

import json
import os
from pathlib import Path

import httpx

from tests.helpers import REPO, run_generator

from .support import FORM, SESSION, listening, sdk

FIRST_RELEASE = REPO / "spec" / "releases" / "1.0.0.yaml"


def test_requests_kept_by_the_first_release_replay_as_typed_events_after_the_upgrade(tmp_path: Path) -> None:
    old_sdk = tmp_path / "sdk-1.0.0"
    made = run_generator("generate", "--spec", FIRST_RELEASE, "--out", old_sdk)
    assert made.code == 0, made.stderr
    old_env = {**os.environ, "PYTHONPATH": str(old_sdk)}
    workdir = tmp_path / "work"
    workdir.mkdir()
    with (
        listening(workdir, "--quarantine", "sqlite:///kept.db", env=old_env) as url,
        httpx.Client(timeout=10) as client,
    ):
        # deal.import is not in 1.0.0; 1.0.0 refuses lead.do's did=0 ("no deal") by its minimum of 1.
        answers = [
            client.post(url, content=f"event=deal.import&dids[0]=5&dids[1]=6&autor=3&ses={SESSION}", headers=FORM),
            client.post(url, json={"event": "lead.do", "id": "12", "clid": "7", "did": "0", "iduser1": "3"}),
        ]
    assert [(a.status_code, a.json()["reason"]) for a in answers] == [
        (202, "unknown_event"),
        (202, "validation_failed"),
    ]

    replayed = sdk("quarantine", "replay", "--store", "sqlite:///kept.db", cwd=workdir)
    assert replayed.returncode == 0, replayed.stderr
    assert "replayed 2: handled 2, duplicate 0, still kept 0, handler failed 0" in replayed.stderr
    typed = {line["event"]: line["payload"] for line in map(json.loads, replayed.stdout.splitlines())}
    assert typed["deal.import"]["dids"] == [5, 6] and "ses" not in typed["deal.import"]
    assert typed["lead.do"]["id"] == 12 and "did" not in typed["lead.do"]  # 0 meant "no deal": absent

    again = sdk("quarantine", "replay", "--store", "sqlite:///kept.db", cwd=workdir)
    assert again.returncode == 0 and "replayed 0" in again.stderr and again.stdout == ""
