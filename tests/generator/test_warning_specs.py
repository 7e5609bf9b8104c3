"""Valid documents that are likely mistakes: one precise warning line each, and the package is generated anyway.

Each tests/specs/warning/NAME.yaml has its expected warnings in NAME.expected; UPDATE_SNAPSHOTS=1 rewrites them.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, run_generator

WARNING_SPECS = sorted((REPO / "tests" / "specs" / "warning").glob("*.yaml"))
WARNING_LINE = re.compile(r"^[\w./-]+\.(yaml|json):\d+:\d+: warning: .+ \(at /[^ ]*\)$")


@pytest.mark.parametrize("spec", WARNING_SPECS, ids=lambda p: p.stem)
def test_a_likely_mistake_warns_in_one_line_and_generates(spec: Path, tmp_path: Path) -> None:
    run = run_generator("generate", "--spec", spec.name, "--out", tmp_path, cwd=spec.parent)
    assert run.code == 0, run.stderr
    warnings = [line for line in run.stderr.splitlines() if ": warning: " in line]
    assert warnings and all(WARNING_LINE.match(line) for line in warnings), run.stderr
    snapshot = spec.with_suffix(".expected")
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        snapshot.write_text("\n".join(warnings) + "\n", encoding="utf-8")
    assert "\n".join(warnings) + "\n" == snapshot.read_text(encoding="utf-8")
    assert (tmp_path / "order_events" / "models.py").is_file()


def test_a_required_name_missing_from_properties_is_a_required_field_of_any_type(tmp_path: Path) -> None:
    spec = REPO / "tests" / "specs" / "warning" / "required-missing-property.yaml"
    assert run_generator("generate", "--spec", spec, "--out", tmp_path).code == 0
    sys.path.insert(0, str(tmp_path))
    try:
        order = importlib.import_module("order_events").models.Order
        assert order.model_fields["nmae"].is_required()
        assert order.model_validate({"id": 1, "nmae": ["anything"]}).nmae == ["anything"]
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m == "order_events" or m.startswith("order_events.")]:
            del sys.modules[name]
