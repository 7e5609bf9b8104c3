# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Quarantine stores by URL."""

from __future__ import annotations

from ...storage.urls import store_location
from .memory import MemoryQuarantine
from .redis import RedisQuarantine
from .sqlite import SQLiteQuarantine
from .store import QuarantineStore

__all__ = ["open_quarantine"]


def open_quarantine(url: str) -> QuarantineStore:
    """A quarantine from a URL: `memory://`, `sqlite:///relative.db`, `sqlite:////abs/path.db` or `redis://…`."""
    engine, where = store_location(url, "quarantine")
    if engine == "memory":
        return MemoryQuarantine()
    if engine == "sqlite":
        return SQLiteQuarantine(where)
    return RedisQuarantine(where)
