"""Format the rendered files with ruff, then write them atomically, or compare them with what is on disk."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from stat import S_IMODE

LINE_LENGTH = 120
IGNORED_DIRS = frozenset({"__pycache__", "build", "site", ".mypy_cache", ".ruff_cache"})


def ruff_args(package: str) -> list[str]:
    """Pinned settings, independent of any ruff configuration around the output."""
    return [
        "--isolated",
        "--line-length",
        str(LINE_LENGTH),
        "--target-version",
        "py311",
        "--config",
        f"lint.isort.known-first-party = ['{package}']",
    ]


def format_files(files: Mapping[str, str], package: str) -> dict[str, bytes]:
    """Run `ruff check --fix` and `ruff format` over the Python files; return every file's final bytes."""
    with tempfile.TemporaryDirectory(prefix="generator-") as tmp:
        root = Path(tmp)
        for rel, text in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        python = sorted(str(root / rel) for rel in files if rel.endswith(".py"))
        if python:
            ruff = [sys.executable, "-m", "ruff"]
            fix = ["check", "--fix-only", "--quiet", "--select", "I,F401,UP", "--exit-zero", *ruff_args(package)]
            subprocess.run([*ruff, *fix, *python], check=True, cwd=tmp)
            subprocess.run([*ruff, "format", "--quiet", *ruff_args(package), *python], check=True, cwd=tmp)
        return {rel: (root / rel).read_bytes() for rel in files}


@dataclass(frozen=True)
class Changes:
    written: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int

    def __bool__(self) -> bool:
        return bool(self.written or self.removed)


def existing_files(out: Path, roots: Iterable[str]) -> set[str]:
    """Files the generator owns below `out` (under the given top-level folders)."""
    found: set[str] = set()
    for root in roots:
        base = out / root
        if not base.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if d not in IGNORED_DIRS and not d.endswith(".egg-info"))
            for name in filenames:
                found.add((Path(dirpath) / name).relative_to(out).as_posix())
    return found


def diff(out: Path, outputs: Mapping[str, bytes], roots: Iterable[str]) -> Changes:
    """What writing `outputs` would change below `out`."""
    written, unchanged = [], 0
    for rel, data in sorted(outputs.items()):
        path = out / rel
        if path.is_file() and path.read_bytes() == data:
            unchanged += 1
        else:
            written.append(rel)
    removed = sorted(existing_files(out, roots) - set(outputs))
    return Changes(tuple(written), tuple(removed), unchanged)


def write(out: Path, outputs: Mapping[str, bytes], changes: Changes) -> None:
    """Apply `changes`: each changed file replaced atomically, stale files removed, the rest untouched."""
    for rel in changes.written:
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = _mode_for(path)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            os.fchmod(fd, mode)  # mkstemp makes 0600; the file gets the mode it had, or an ordinary file's
            with os.fdopen(fd, "wb") as handle:
                handle.write(outputs[rel])
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    for rel in changes.removed:
        (out / rel).unlink()
        for folder in (out / rel).parents:  # folders left empty go too, up to the output directory
            if folder == out or any(folder.iterdir()):
                break
            folder.rmdir()


def _mode_for(path: Path) -> int:
    """The permission bits of the file at `path`, or those a new file gets under the process's umask."""
    try:
        return S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
