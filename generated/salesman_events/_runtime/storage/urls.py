# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Where a store lives, from its URL: the same URLs for every kind of store the SDK keeps."""

from __future__ import annotations

from typing import Final, Literal
from urllib.parse import urlsplit

__all__ = ["Engine", "store_location"]

Engine = Literal["memory", "sqlite", "redis"]
_REDIS_SCHEMES: Final = frozenset({"redis", "rediss"})


def store_location(url: str, what: str) -> tuple[Engine, str]:
    """(engine, where) of `memory://` (""), `sqlite:///relative.db` or `sqlite:////abs/path.db` (the path) and
    `redis://host:port/db` or `rediss://…` (the URL); ValueError naming `what` for anything else."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "memory" and url.lower() == "memory://":
        return "memory", ""
    if scheme == "sqlite" and not parts.query and not parts.fragment:
        if parts.netloc or len(parts.path) < 2:
            raise ValueError(f"bad {what} URL {url!r}: expected sqlite:///relative.db or sqlite:////abs/path.db")
        return "sqlite", parts.path[1:]
    if scheme in _REDIS_SCHEMES and parts.netloc:
        return "redis", url
    raise ValueError(f"unsupported {what} URL {url!r}: use memory://, sqlite:///path.db or redis://host:port/db")
