"""Shared helpers: run the generator as users do, and skip-or-fail for things a CI run must have."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "spec" / "salesman-events.asyncapi.yaml"
GENERATED = REPO / "generated"
VALID_SPECS = sorted((REPO / "tests" / "specs" / "valid").glob("*.yaml"))
BROKEN_SPECS = sorted((REPO / "tests" / "specs" / "broken").glob("*.yaml"))


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str


def run_generator(*args: str | Path, cwd: Path = REPO) -> Run:
    """`python -m generator ARGS` in a subprocess, as the Makefile runs it."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True
    )
    return Run(done.returncode, done.stdout, done.stderr)


MYPY_STRICT = "[mypy]\nstrict = True\nplugins = pydantic.mypy\n"


def run_mypy(target: str | Path, workdir: Path, *, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`mypy --strict` (with the pydantic plugin) on a file or package, with config and cache in `workdir`."""
    config = workdir / "mypy.ini"
    config.write_text(MYPY_STRICT, encoding="utf-8")
    command = [sys.executable, "-m", "mypy", "--config-file", str(config), "--cache-dir", str(workdir / ".mypy")]
    env = {**os.environ, "PYTHONPATH": f"{GENERATED}{os.pathsep}{REPO}"}
    return subprocess.run([*command, str(target)], cwd=cwd, env=env, capture_output=True, text=True)


def tree_digest(root: Path) -> dict[str, str]:
    """sha256 and mtime of every file below root, to prove nothing was touched."""
    return {
        p.relative_to(root).as_posix(): f"{hashlib.sha256(p.read_bytes()).hexdigest()}:{p.stat().st_mtime_ns}"
        for p in sorted(root.rglob("*"))
        if p.is_file() and not {"__pycache__", ".mypy_cache"} & set(p.parts)
    }


def unavailable(reason: str) -> None:
    """Skip locally; under CI=true a missing prerequisite is a failure, never a silent skip."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)
