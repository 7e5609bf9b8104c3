"""Outboxes by URL."""

from __future__ import annotations

from .interface import Outbox

__all__ = ["open_outbox"]


def open_outbox(url: str) -> Outbox:
    """An outbox by URL: `sqlite:///relative.db`, `sqlite:////absolute.db`, `redis://host:port/db` (`rediss://`)."""
    if url.startswith("sqlite:"):
        from .sqlite import open_sqlite

        return open_sqlite(url)
    if url.startswith(("redis://", "rediss://")):
        from .redis import open_redis

        return open_redis(url)
    raise ValueError(f"unsupported outbox URL {url!r}: use sqlite:///path.db or redis://host:port/db")
