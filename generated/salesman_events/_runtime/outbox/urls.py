# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Outboxes by URL."""

from __future__ import annotations

from .interface import Outbox

__all__ = ["open_outbox"]


def open_outbox(url: str) -> Outbox:
    """An outbox by URL: `sqlite:///relative.db`, `sqlite:////absolute.db`, `redis://host:port/db` (`rediss://`),
    `postgresql://user@host:port/database?schema=name` (`postgres://`; the schema defaults to salesman_events)."""
    if url.startswith("sqlite:"):
        from .sqlite import open_sqlite

        return open_sqlite(url)
    if url.startswith(("redis://", "rediss://")):
        from .redis import open_redis

        return open_redis(url)
    if url.startswith(("postgresql://", "postgres://")):
        from .postgres import open_postgres

        return open_postgres(url)
    raise ValueError(
        f"unsupported outbox URL {url!r}: use sqlite:///path.db, redis://host:port/db or postgresql://host/database"
    )
