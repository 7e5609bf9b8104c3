"""Spec problems as values: each knows its file, line, column and JSON pointer."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Location:
    """A place in a spec file: 1-based line and column, and the JSON pointer of the value there."""

    file: str
    line: int
    col: int
    pointer: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True)
class SpecError:
    """One problem with a spec, printed as one line."""

    location: Location
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        pointer = self.location.pointer or "/"
        return f"{self.location}: {self.severity}: {self.message} (at {pointer})"


class SpecInvalid(Exception):
    """Raised when a spec cannot be turned into code; carries every problem found."""

    def __init__(self, errors: Iterable[SpecError]) -> None:
        self.errors = tuple(sorted(set(errors)))
        super().__init__("\n".join(str(e) for e in self.errors))


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice nearest to a misspelt word, if one is near enough."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ` — did you mean 'x'?` for the nearest choice, or an empty string."""
    match = closest(word, choices)
    return f" — did you mean '{match}'?" if match else ""
