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
    from .build import load
    from .diff import diff
    from .errors import SpecInvalid

    copies = (load(path, f"{RELEASES_DIR}/{path.name}") for path in release_files(current.spec.path))
    snapshots = sorted(copies, key=lambda s: _order(s.api.version))
    for older, newer in itertools.pairwise(snapshots):
        if older.api.version == newer.api.version:
            message = f"release {newer.api.version} is kept twice (also in {older.spec.path.name})"
            raise SpecInvalid([newer.spec.top.child("info").child("version").error(message)])
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
