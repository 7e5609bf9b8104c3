"""A record of the last generation, so that an unchanged spec regenerates without any work."""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path
from typing import Any

from .changelog import release_files
from .output import existing_files

STAMP_NAME = ".generator-stamp.json"
PINNED = ("datamodel-code-generator", "ruff", "jinja2")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint() -> str:
    """Hash of the generator's own code, templates and runtime, and of the versions of the tools it runs."""
    h = hashlib.sha256()
    here = Path(__file__).parent
    for path in sorted(p for p in here.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(here).as_posix().encode() + b"\0" + path.read_bytes())
    for name in PINNED:
        h.update(f"{name}=={metadata.version(name)}".encode())
    return h.hexdigest()


def record(out: Path, spec_files: list[Path], outputs: dict[str, bytes], roots: list[str]) -> None:
    stamp = {
        "generator": fingerprint(),
        "spec": {str(p): sha256(p.read_bytes()) for p in spec_files},
        "roots": roots,
        "files": {rel: sha256(data) for rel, data in sorted(outputs.items())},
    }
    (out / STAMP_NAME).write_text(json.dumps(stamp, indent=1) + "\n", encoding="utf-8")


def up_to_date(out: Path, spec: Path) -> bool:
    """True when the last generation used these very inputs and its outputs are untouched."""
    try:
        stamp: dict[str, Any] = json.loads((out / STAMP_NAME).read_text(encoding="utf-8"))
        spec_files: dict[str, str] = stamp["spec"]
        if str(spec.resolve()) not in spec_files or stamp["generator"] != fingerprint():
            return False
        if any(str(p) not in spec_files for p in release_files(spec)):  # a release added since
            return False
        if any(sha256(Path(p).read_bytes()) != digest for p, digest in spec_files.items()):
            return False
        files: dict[str, str] = stamp["files"]
        if existing_files(out, stamp["roots"]) != set(files):
            return False
        return all(sha256((out / rel).read_bytes()) == digest for rel, digest in files.items())
    except (OSError, ValueError, KeyError, TypeError):
        return False
