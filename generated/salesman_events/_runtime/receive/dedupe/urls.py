# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Seen-id stores by URL."""

from __future__ import annotations

from ...storage.urls import store_location
from .memory import MemoryStore
from .redis import RedisStore
from .sqlite import SQLiteStore
from .store import SeenStore

__all__ = ["open_store"]


def open_store(url: str) -> SeenStore:
    """A store from a URL: `memory://`, `sqlite:///relative.db`, `sqlite:////abs/path.db` or `redis://host:port/db`."""
    engine, where = store_location(url, "seen-id store")
    if engine == "memory":
        return MemoryStore()
    if engine == "sqlite":
        return SQLiteStore(where)
    return RedisStore(where)
