"""Outboxes by URL."""

from __future__ import annotations

from ..storage.urls import open_by_url
from .interface import Outbox

__all__ = ["open_outbox"]


def _sqlite(path: str) -> Outbox:
    from .sqlite import SQLiteOutbox

    return SQLiteOutbox(path)


def _redis(url: str) -> Outbox:
    from .redis import open_redis

    return open_redis(url)


def _postgres(url: str) -> Outbox:
    from .postgres import open_postgres

    return open_postgres(url)


def open_outbox(url: str) -> Outbox:
    """An outbox by URL: `sqlite:///relative.db`, `sqlite:////absolute.db`, `redis://host:port/db` (`rediss://`,
    `unix:///path/to/redis.sock`), `postgresql://user@host:port/database?schema=name` (`postgres://`; the schema
    defaults to salesman_events); a ValueError naming the supported URLs for any other."""
    return open_by_url(url, "outbox", {"sqlite": _sqlite, "redis": _redis, "postgres": _postgres})
