# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Which subscriptions an event goes to, for every engine: by its name, and for a subscription limited to some
tenants (`Subscription.identities`), by the `identity` of its payload too (`route_events`). And a handle's copy of an
outbox's subscriptions, for the engines that keep them elsewhere (Redis, PostgreSQL): read from the store, cached until
their version moves (every change to a subscription moves it), with the subscriptions each event name goes to."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from typing import Final, NamedTuple

from .interface import EventRecord, Subscription, matches

__all__ = ["ROUTE_CACHE_LIMIT", "Routing", "SubscriptionCache", "identity_of", "route_events"]

ROUTE_CACHE_LIMIT: Final = 10_000  # event names whose matching subscriptions are remembered


def identity_of(payload: bytes | bytearray) -> int | None:
    """The tenant of an event: the top-level `identity` of its JSON payload (SalesMan's), or None without one."""
    try:
        identity = json.loads(payload).get("identity")
    except (ValueError, AttributeError):
        return None
    try:
        return int(identity) if identity is not None and not isinstance(identity, bool) else None
    except (TypeError, ValueError):
        return None


class Routing(NamedTuple):
    """Where a batch of events goes: by name to the subscriptions open to every tenant, and event by event (its index
    in the batch) to those limited to some tenants, when its `identity` is one of theirs."""

    by_name: dict[str, list[int]]
    by_event: dict[int, list[int]]  # index of the event in the batch -> the tenant-limited subscriptions it goes to

    def of(self, index: int, name: str) -> list[int]:
        """The subscriptions the event at `index` (named `name`) goes to."""
        extra = self.by_event.get(index)
        return [*self.by_name[name], *extra] if extra else self.by_name[name]

    def pairs(self) -> list[tuple[int, int]]:
        """(event index, subscription id) of every tenant-limited delivery."""
        return [(index, sid) for index, sids in self.by_event.items() for sid in sids]


def route_events(events: Sequence[EventRecord], route: Callable[[str], Sequence[Subscription]]) -> Routing:
    """The routing of `events`, given the enabled subscriptions each name matches (`route`). A payload is parsed for
    its identity only when some subscription of its event's name is limited to tenants."""
    by_name: dict[str, list[int]] = {}
    limited: dict[str, list[Subscription]] = {}
    for name in {e.name for e in events}:
        matching = route(name)
        by_name[name] = [s.id for s in matching if not s.identities]
        limited[name] = [s for s in matching if s.identities]
    by_event: dict[int, list[int]] = {}
    if any(limited.values()):
        for index, event in enumerate(events):
            tenants = limited[event.name]
            if tenants:
                identity = identity_of(event.payload)
                sids = [s.id for s in tenants if identity in s.identities]
                if sids:
                    by_event[index] = sids
    return Routing(by_name, by_event)


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

    def route(self, events: Sequence[EventRecord]) -> tuple[str, Routing]:
        """The cached version, and where each event goes (`route_events`)."""
        with self._lock:
            subscriptions = self.get(None)
            if len(self._routes) >= ROUTE_CACHE_LIMIT:
                self._routes = {}

            def matching(name: str) -> list[Subscription]:
                ids = self._routes.get(name)
                if ids is None:
                    ids = self._routes[name] = [
                        s.id for s in subscriptions.values() if s.enabled and matches(s.events, name)
                    ]
                return [subscriptions[sid] for sid in ids]

            return self._version or "0", route_events(events, matching)

    def forget(self) -> None:
        """The subscriptions changed since they were cached: read them again next time."""
        with self._lock:
            self._version = None
