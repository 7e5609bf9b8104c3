"""Broken specs: one precise line per problem, exit 2, no traceback, and the output left exactly as it was.

Each tests/specs/broken/NAME.yaml has its expected stderr in NAME.expected; UPDATE_SNAPSHOTS=1 rewrites them.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.helpers import BROKEN_SPECS, GENERATED, run_generator, tree_digest

ERROR_LINE = re.compile(r"^[\w./-]+\.(yaml|json):\d+:\d+: error: .+ \(at /[^ ]*\)$")


def test_there_are_at_least_ten_broken_documents() -> None:
    assert len(BROKEN_SPECS) >= 10


@pytest.mark.parametrize("spec", BROKEN_SPECS, ids=lambda p: p.stem)
def test_broken_spec_gives_precise_errors_and_writes_nothing(spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "generated"
    shutil.copytree(GENERATED, out, ignore=shutil.ignore_patterns("__pycache__"))
    before = tree_digest(out)

    run = run_generator("generate", "--spec", spec.name, "--out", out, cwd=spec.parent)

    assert run.code == 2
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert lines and all(ERROR_LINE.match(line) for line in lines), run.stderr
    assert tree_digest(out) == before
    snapshot = spec.with_suffix(".expected")
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        snapshot.write_text(run.stderr, encoding="utf-8")
    assert run.stderr == snapshot.read_text(encoding="utf-8")


@pytest.mark.parametrize("spec", BROKEN_SPECS, ids=lambda p: p.stem)
def test_validate_reports_the_same_errors(spec: Path) -> None:
    run = run_generator("validate", spec.name, cwd=spec.parent)
    assert run.code == 2
    assert run.stderr == spec.with_suffix(".expected").read_text(encoding="utf-8")
