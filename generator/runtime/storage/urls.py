"""Where a store lives, from its URL: the same URLs for every kind of store the SDK keeps (outboxes, seen-id stores,
quarantines), and one way to open a store by URL from the engines a kind of store has."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Final, Literal, TypeVar
from urllib.parse import urlsplit

__all__ = ["URL_FORMS", "Engine", "open_by_url", "store_location"]

Engine = Literal["memory", "sqlite", "redis", "postgres"]
Store = TypeVar("Store")

# The URLs of each engine, as said in an error naming the supported ones.
URL_FORMS: Final[Mapping[Engine, str]] = {
    "memory": "memory://",
    "sqlite": "sqlite:///relative.db (sqlite:////abs/path.db)",
    "redis": "redis://host:port/db (rediss://…, unix:///path/to/redis.sock)",
    "postgres": "postgresql://user@host:port/database (postgres://…)",
}
_SCHEMES: Final[Mapping[str, Engine]] = {
    "memory": "memory",
    "sqlite": "sqlite",
    "redis": "redis",
    "rediss": "redis",
    "unix": "redis",
    "postgresql": "postgres",
    "postgres": "postgres",
}


def _unsupported(url: str, what: str, engines: Mapping[Engine, object]) -> ValueError:
    forms = ", ".join(URL_FORMS[engine] for engine in engines)
    return ValueError(f"unsupported {what} URL {url!r}: use {forms}")


def store_location(url: str, what: str, engines: Mapping[Engine, object] = URL_FORMS) -> tuple[Engine, str]:
    """(engine, where) of `memory://` (""), `sqlite:///relative.db` or `sqlite:////abs/path.db` (the path),
    `redis://host:port/db`, `rediss://…` or `unix:///path.sock` (the URL) and `postgresql://…` or `postgres://…`
    (the URL), for the engines in `engines` only; a ValueError naming `what` and the supported URLs otherwise."""
    parts = urlsplit(url)
    engine = _SCHEMES.get(parts.scheme.lower())
    if engine is None or engine not in engines:
        raise _unsupported(url, what, engines)
    if engine == "memory":
        if url.lower() != "memory://":
            raise _unsupported(url, what, engines)
        return engine, ""
    if engine == "sqlite":
        if parts.netloc or len(parts.path) < 2 or parts.query or parts.fragment:
            raise ValueError(f"bad {what} URL {url!r}: expected {URL_FORMS['sqlite']}")
        return engine, parts.path[1:]
    if parts.scheme.lower() == "unix" and not parts.path:
        raise ValueError(f"bad {what} URL {url!r}: expected unix:///path/to/redis.sock")
    if parts.scheme.lower() != "unix" and not parts.netloc:
        raise ValueError(f"bad {what} URL {url!r}: expected {URL_FORMS[engine]}")
    return engine, url


def open_by_url(url: str, what: str, openers: Mapping[Engine, Callable[[str], Store]]) -> Store:
    """The store at `url`, made by the opener of its engine from where it lives (`store_location`); a ValueError
    naming `what` and its supported URLs for an engine it doesn't have."""
    engine, where = store_location(url, what, openers)
    return openers[engine](where)
