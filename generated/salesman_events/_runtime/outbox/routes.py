# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""A handle's copy of an outbox's subscriptions, for the engines that keep them elsewhere (Redis, PostgreSQL): read
from the store, cached until their version moves (every change to a subscription moves it), with the subscriptions
each event name goes to."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Final

from .interface import Subscription, matches

__all__ = ["ROUTE_CACHE_LIMIT", "SubscriptionCache"]

ROUTE_CACHE_LIMIT: Final = 10_000  # event names whose matching subscriptions are remembered


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
                self.put(*self._load())
            return self._subscriptions

    def put(self, version: str, subscriptions: dict[int, Subscription]) -> None:
        """Keep subscriptions read elsewhere (as of `version`)."""
        with self._lock:
            self._version, self._subscriptions, self._routes = version, subscriptions, {}

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
