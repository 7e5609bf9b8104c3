# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Seen-id stores by URL."""

from __future__ import annotations

from collections.abc import Callable

from ...storage.urls import Engine, open_by_url
from .memory import MemoryStore
from .redis import RedisStore
from .sqlite import SQLiteStore
from .store import SeenStore

__all__ = ["open_store"]


def open_store(url: str) -> SeenStore:
    """A store from a URL: `memory://`, `sqlite:///relative.db`, `sqlite:////abs/path.db`, `redis://host:port/db`
    (`rediss://`, `unix:///path.sock`)."""
    openers: dict[Engine, Callable[[str], SeenStore]] = {
        "memory": lambda _: MemoryStore(),
        "sqlite": SQLiteStore,
        "redis": RedisStore,
    }
    return open_by_url(url, "seen-id store", openers)
