"""`python -m generator diff`: each spec pair in tests/specs/diff gives the expected exit code and change kinds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import REPO, SPEC, VALID_SPECS, run_generator

CASES = sorted(p for p in (REPO / "tests" / "specs" / "diff").iterdir() if p.is_dir())


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    run = run_generator("diff", case / "old.yaml", case / "new.yaml", "--json")
    assert run.code == expected["exit"], run.stdout + run.stderr
    if expected["exit"] == 2:
        assert "error:" in run.stderr and run.stdout == ""
        return
    report = json.loads(run.stdout)
    assert sorted(c["kind"] for c in report["breaking"]) == expected["breaking"], run.stdout
    assert sorted(c["kind"] for c in report["compatible"]) == expected["compatible"], run.stdout
    for entry in report["breaking"] + report["compatible"]:
        assert set(entry) == {"event", "path", "kind", "detail"}


def test_human_output() -> None:
    case = REPO / "tests" / "specs" / "diff" / "several-changes"
    run = run_generator("diff", case / "old.yaml", case / "new.yaml")
    assert run.code == 1
    assert run.stdout.splitlines() == [
        "breaking: deal.close: field 'comment' removed (at /comment)",
        'compatible: deal.close: enum value "cancelled" added (at /status)',
        "compatible: event 'deal.reopen' added",
        "1 breaking, 2 compatible",
    ]


def test_shared_schema_change_is_reported_for_each_event_using_it() -> None:
    case = REPO / "tests" / "specs" / "diff" / "shared-schema-changed"
    report = json.loads(run_generator("diff", case / "old.yaml", case / "new.yaml", "--json").stdout)
    assert [(c["event"], c["path"]) for c in report["breaking"]] == [
        ("deal.close", "/dealId"),
        ("deal.open", "/dealId"),
    ]


def test_nested_field_removal_names_its_path() -> None:
    case = REPO / "tests" / "specs" / "diff" / "nested-field-removed"
    report = json.loads(run_generator("diff", case / "old.yaml", case / "new.yaml", "--json").stdout)
    assert [(c["path"], c["detail"]) for c in report["breaking"]] == [("/client/name", "field 'name' removed")]


def test_our_spec_against_itself_has_no_changes() -> None:
    run = run_generator("diff", SPEC, SPEC)
    assert run.code == 0, run.stderr
    assert run.stdout.splitlines() == ["0 breaking, 0 compatible"]


@pytest.mark.parametrize("spec", VALID_SPECS, ids=[s.stem for s in VALID_SPECS])
def test_each_valid_spec_against_itself_has_no_changes(spec: Path) -> None:
    """Covers allOf, external refs and recursive schemas (the cycle guard) on the no-change path."""
    run = run_generator("diff", spec, spec)
    assert (run.code, run.stdout) == (0, "0 breaking, 0 compatible\n"), run.stderr
