"""load -> validate -> IR -> render -> format -> write, and the check and validate variants."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from . import output, stamp
from .build import Loaded, load
from .changelog import history, release_files
from .errors import SpecError
from .render import render


@dataclass(frozen=True)
class Result:
    changes: output.Changes
    warnings: tuple[SpecError, ...]
    loaded: Loaded


def _produce(spec: Path) -> tuple[Loaded, dict[str, bytes], tuple[SpecError, ...], list[str]]:
    loaded = load(spec)
    files, models = render(loaded, history(loaded))
    outputs = output.format_files(files, loaded.api.package)
    return loaded, outputs, loaded.warnings + models.warnings, [loaded.api.package, "docs"]


def generate(spec: Path, out: Path) -> Result:
    """Write the package and docs of `spec` below `out`; raises SpecInvalid (nothing written) on a bad spec."""
    loaded, outputs, warnings, roots = _produce(spec)
    changes = output.diff(out, outputs, roots)
    out.mkdir(parents=True, exist_ok=True)
    output.write(out, outputs, changes)
    stamp.record(out, [f.path for f in loaded.spec.files] + release_files(spec), outputs, roots)
    return Result(changes, warnings, loaded)


def check(spec: Path, out: Path) -> Result:
    """What `generate` would change below `out`, without writing anything."""
    loaded, outputs, warnings, roots = _produce(spec)
    return Result(output.diff(out, outputs, roots), warnings, loaded)


def report_warnings(warnings: tuple[SpecError, ...]) -> None:
    for warning in warnings:
        print(warning, file=sys.stderr)
