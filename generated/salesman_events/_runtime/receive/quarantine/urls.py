# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Quarantine stores by URL."""

from __future__ import annotations

from collections.abc import Callable

from ...storage.urls import Engine, open_by_url
from .memory import MemoryQuarantine
from .redis import RedisQuarantine
from .sqlite import SQLiteQuarantine
from .store import QuarantineStore

__all__ = ["open_quarantine"]


def open_quarantine(url: str) -> QuarantineStore:
    """A quarantine from a URL: `memory://`, `sqlite:///relative.db`, `sqlite:////abs/path.db`, `redis://…`
    (`rediss://`, `unix:///path.sock`)."""
    openers: dict[Engine, Callable[[str], QuarantineStore]] = {
        "memory": lambda _: MemoryQuarantine(),
        "sqlite": SQLiteQuarantine,
        "redis": RedisQuarantine,
    }
    return open_by_url(url, "quarantine", openers)
