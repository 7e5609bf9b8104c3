# DO NOT EDIT: generated from salesman-events.asyncapi.yaml (sha256 0ff15d59f4fb2739) by the generator
"""The subscriptions of a Redis outbox as one handle sees them: read from Redis, and cached until their version moves
(every change to a subscription moves ``subs:version``), with the subscriptions each event name goes to."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from ...storage.redis import text
from ..interface import Subscription, matches
from .layout import SUBSCRIPTION_KEYS

if TYPE_CHECKING:
    from redis import Redis

__all__ = ["ROUTE_CACHE_LIMIT", "SubscriptionCache", "read_subscriptions"]

ROUTE_CACHE_LIMIT: Final = 10_000


def read_subscriptions(client: Redis, prefix: str) -> tuple[str, dict[int, Subscription]]:
    """The subscriptions as stored, and their version."""
    pipe = client.pipeline(transaction=True)
    for command, key in zip((pipe.get, pipe.hgetall, pipe.hgetall), SUBSCRIPTION_KEYS, strict=True):
        command(prefix + key)
    version, rows, disabled = pipe.execute()
    reasons = {int(k): text(v) for k, v in disabled.items()}
    subscriptions = {}
    for sid in sorted(int(k) for k in rows):
        s = json.loads(rows[str(sid).encode()])
        events, secrets = tuple(s["events"]), tuple(s["secrets"])
        subscriptions[sid] = Subscription(
            sid, s["url"], events, s["method"], s["format"], secrets, sid not in reasons, reasons.get(sid, "")
        )
    return ("0" if version is None else text(version)), subscriptions


class SubscriptionCache:
    """A handle's copy of the subscriptions, safe to share between threads."""

    def __init__(self, load: Callable[[], tuple[str, dict[int, Subscription]]], lock: threading.RLock) -> None:
        """`load`: reads the version and the subscriptions; `lock`: guards the cache (the handle's own lock)."""
        self._load, self._lock = load, lock
        self._version: str | None = None
        self._subscriptions: dict[int, Subscription] = {}
        self._routes: dict[str, list[int]] = {}  # event name -> the enabled subscriptions it goes to

    def get(self, version: str | None) -> dict[int, Subscription]:
        """The subscriptions, read again unless `version` is the cached one (None: any cached one will do)."""
        with self._lock:
            if self._version is None or version not in (None, self._version):
                self._version, self._subscriptions = self._load()
                self._routes = {}
            return self._subscriptions

    def route(self, names: set[str]) -> tuple[str, dict[str, list[int]]]:
        """The cached version, and the enabled subscriptions each event name goes to."""
        with self._lock:
            subscriptions = self.get(None)
            if len(self._routes) >= ROUTE_CACHE_LIMIT:
                self._routes = {}
            for name in names - self._routes.keys():
                self._routes[name] = [s.id for s in subscriptions.values() if s.enabled and matches(s.events, name)]
            return self._version or "0", {name: self._routes[name] for name in names}

    def forget(self) -> None:
        """The subscriptions changed since they were cached: read them again next time."""
        with self._lock:
            self._version = None
