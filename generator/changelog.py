"""The spec's release history -> what changed in each release, for the changelog page.

A release is a frozen copy of the spec as it was released, kept next to the spec in `releases/` (one file per
version, any name ending in .yaml or .yml; `make release` writes it). Each release is compared with the one before
it by the breaking-change report; the working spec is compared with the newest release and shown as unreleased
when anything differs.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .build import Loaded
    from .diff import Change

RELEASES_DIR = "releases"


@dataclass(frozen=True)
class Release:
    version: str
    previous: str  # the version compared with, "" for the first release
    changes: tuple[Change, ...]
    events: int
    released: bool  # False: the working spec, not released yet

    @property
    def breaking(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.breaking)

    @property
    def compatible(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if not c.breaking)


def release_files(spec: Path) -> list[Path]:
    """The release copies kept next to `spec`, in no particular order."""
    folder = spec.resolve().parent / RELEASES_DIR
    return sorted(p for p in folder.glob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def history(current: Loaded) -> tuple[Release, ...]:
    """Every release, newest first, the working spec on top when it differs from the newest release."""
    from .diff import diff
    from .errors import SpecInvalid

    copies = sorted(((path, _load_copy(path, current)) for path in release_files(current.spec.path)), key=_by_version)
    for (older_path, older), (newer_path, newer) in itertools.pairwise(copies):
        if older.api.version == newer.api.version:
            message = f"release {newer.api.version} is kept twice (also in {older_path.name})"
            at = _load_copy(newer_path, None).spec.top.child("info").child("version")
            raise SpecInvalid([at.error(message)])
    snapshots = [loaded for _, loaded in copies]
    releases: list[Release] = []
    previous: Loaded | None = None
    for snapshot in snapshots:
        changes = tuple(diff(previous, snapshot)) if previous else ()
        releases.append(_release(snapshot, previous, changes, released=True))
        previous = snapshot
    if previous is None:
        releases.append(_release(current, None, (), released=False))
    else:
        changes = tuple(diff(previous, current))
        if changes or current.api.version != previous.api.version:
            releases.append(_release(current, previous, changes, released=False))
    return tuple(reversed(releases))


def _load_copy(path: Path, working: Loaded | None) -> Loaded:
    """A release copy, loaded; `working` itself when the copy is its very text (a spec just released)."""
    from .build import load

    if working is not None and len(working.spec.files) == 1 and path.read_bytes() == working.spec.files[0].text:
        return working
    return load(path, f"{RELEASES_DIR}/{path.name}")


def _by_version(copy: tuple[Path, Loaded]) -> list[tuple[int, int | str]]:
    return _order(copy[1].api.version)


def _release(spec: Loaded, previous: Loaded | None, changes: tuple[Change, ...], *, released: bool) -> Release:
    return Release(
        version=spec.api.version,
        previous=previous.api.version if previous else "",
        changes=changes,
        events=len(spec.api.events),
        released=released,
    )


def _order(version: str) -> list[tuple[int, int | str]]:
    """Sort key of a version: numbers compare as numbers, "1.10.0" after "1.9.0"."""
    return [(0, int(part)) if part.isdigit() else (1, part) for part in re.findall(r"\d+|[A-Za-z]+", version)]
