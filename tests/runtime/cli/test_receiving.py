"""`listen` and `quarantine` as an operator runs them, with SalesMan's own requests, `ses` and all."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from .support import FORM, SESSION, TOKEN, listening, sdk


def salesman_requests(url: str) -> list[httpx.Response]:
    """Hop 1 (the form of outSender, `ses` included), hop 2 (JSON, every scalar a string), the legacy hop 2 form and
    a GET: two of them typed, three of them not (an unknown event, an invalid field, a JSON body cut short)."""
    hop1 = f"event=deal.close&did=1042&summa=10340&identity=1&iduser1=3&ses={SESSION}"
    cut_json = f'{{"event":"deal.close","ses":"{SESSION}","did":"1","comment":"\\u04'.encode()
    with httpx.Client(timeout=10) as client:
        return [
            client.post(url, content=hop1, headers=FORM),
            client.post(url, content=f"event=deal.klose&did=1&ses={SESSION}", headers=FORM),
            client.post(url, json={"event": "deal.close", "did": "not-a-number", "ses": SESSION}),
            client.post(url, content=cut_json, headers={"content-type": "application/json"}),
            client.get(f"{url}&event=deal.close&did=7&ses={SESSION}"),
        ]


def every_byte_written(workdir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in workdir.rglob("*") if p.is_file()}


def test_listen_keeps_what_it_cannot_type_and_the_operator_replays_it(tmp_path: Path) -> None:
    options = ("--store", "sqlite:///seen.db", "--quarantine", "sqlite:///kept.db")
    with listening(tmp_path, *options) as url:
        responses = salesman_requests(url)
    assert [r.status_code for r in responses] == [200, 202, 202, 202, 200]
    assert [r.json().get("reason") for r in responses[1:4]] == ["unknown_event", "validation_failed", "malformed_json"]
    printed = [json.loads(line) for line in (tmp_path / "listen.out").read_text().splitlines()]
    assert [(p["event"], p["payload"]["did"]) for p in printed] == [("deal.close", 1042), ("deal.close", 7)]

    listed = sdk("quarantine", "list", "--store", "sqlite:///kept.db", "--json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    kept = json.loads(listed.stdout)
    assert [(k["event"], k["reason"]) for k in kept] == [
        ("deal.klose", "unknown_event"),
        ("deal.close", "validation_failed"),
        ("", "malformed_json"),
    ]
    shown = sdk("quarantine", "show", kept[0]["id"], "--store", "sqlite:///kept.db", cwd=tmp_path)
    assert shown.returncode == 0 and json.loads(shown.stdout)["body"] == "event=deal.klose&did=1"
    missing = sdk("quarantine", "show", "q_none", "--store", "sqlite:///kept.db", cwd=tmp_path)
    assert missing.returncode == 1 and "no kept request" in missing.stderr

    replayed = sdk("quarantine", "replay", "--store", "sqlite:///kept.db", "--event", "deal.close", cwd=tmp_path)
    assert replayed.returncode == 0, replayed.stderr
    assert "replayed 1: handled 0, duplicate 0, still kept 1, handler failed 0" in replayed.stderr
    assert replayed.stdout == ""  # nothing typed yet: the printing receiver printed nothing

    outputs = {"list": listed.stdout + listed.stderr, "show": shown.stdout, "replay": replayed.stdout + replayed.stderr}
    for name, data in {**every_byte_written(tmp_path), **{k: v.encode() for k, v in outputs.items()}}.items():
        assert SESSION.encode() not in data, f"ses found in {name}"
        assert TOKEN.encode() not in data, f"the token found in {name}"
    assert {"seen.db", "kept.db", "listen.out", "listen.err"} <= set(every_byte_written(tmp_path))


def test_listen_can_refuse_as_before(tmp_path: Path) -> None:
    with listening(tmp_path, "--refuse-invalid") as url:
        responses = salesman_requests(url)
    assert [r.status_code for r in responses] == [200, 404, 422, 400, 200]
