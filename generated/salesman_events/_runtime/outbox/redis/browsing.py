# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The console's side of the Redis outbox (`browsing.Browsable`): deliveries searched newest first in bounded chunks,
one delivery with its event and attempts, activity per minute, last failures, the queue's size, and a subscription
edited in place. Mixed into `RedisOutbox`, whose scripts (`browse_scripts`) and subscription cache it uses."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from typing import Any, Final, cast

from ...storage.redis import text
from ..browsing import (
    ACTIVITY_MINUTE,
    KEEP,
    ActivityRow,
    DeliveryDetail,
    DeliveryPage,
    DeliveryQuery,
    DeliveryRow,
    Keep,
    LastFailure,
    QueueCounts,
    checked_step,
    edited_subscription,
)
from ..interface import DeliveryState, EventRecord, OutboxError, Subscription
from ..routes import SubscriptionCache
from .attempt_log import logged_attempt
from .patterns import event_filter

__all__ = ["CHUNK", "RedisBrowsing"]

CHUNK: Final = 2_000  # delivery ids a search looks at per call (~10 ms of Redis's time): none holds it long


def delivery_row(row: Sequence[Any]) -> DeliveryRow:
    """A listing's row from what the scripts return: id, event id, event name, then `browse_scripts.ROW_FIELDS`."""
    d, event_id, name, sid, state, attempts, created, updated, next_at, status = row
    kind = cast(DeliveryState, text(state))
    waiting = float(next_at) if kind == "pending" else None
    last_status = int(status) if status else None
    return DeliveryRow(
        int(d), text(event_id), text(name), int(sid), kind, int(attempts), float(created), float(updated), waiting,
        last_status,
    )  # fmt: skip


class RedisBrowsing:
    """`browsing.Browsable` on the handle's own scripts and subscription cache."""

    _cache: SubscriptionCache
    _where: str

    def _run(self, script: str, args: list[Any]) -> Any:
        raise NotImplementedError  # the handle's: one script, errors as OutboxError

    def _stored(
        self, change: Callable[[dict[int, Subscription]], Subscription], *, duplicate: bool = False
    ) -> Subscription:
        raise NotImplementedError  # the handle's: a subscription changed and written

    def deliveries(self, query: DeliveryQuery) -> DeliveryPage:
        name, pattern = event_filter(query.event)
        criteria = [query.event_id or "", name, pattern, _given(query.subscription_id), query.state or "",
                    _given(query.since), _given(query.until)]  # fmt: skip
        limit, scan = max(1, query.limit), max(1, query.scan)
        top: int | str = "" if query.before is None else query.before - 1  # "": from the newest
        rows: list[DeliveryRow] = []
        looked_at = 0
        while True:
            args = [top, min(CHUNK, scan - looked_at), limit - len(rows), *criteria]
            lowest, looked, rest, found = self._run("deliveries", args)
            looked_at += looked
            rows.extend(map(delivery_row, found))
            if not rest:
                return DeliveryPage(tuple(rows), None)
            if len(rows) >= limit or looked_at >= scan:
                return DeliveryPage(tuple(rows), int(lowest))
            top = int(lowest) - 1

    def delivery(self, delivery_id: int) -> DeliveryDetail | None:
        found = self._run("delivery", [delivery_id])
        if not found:
            return None
        version, row, (_, payload, created, trace), logged = found
        listed = delivery_row(row)
        event = EventRecord(listed.event_id, listed.event, payload, float(created), text(trace or b""))
        subscription = self._cache.get(text(version))[listed.subscription_id]
        return DeliveryDetail(listed, event, subscription, tuple(map(logged_attempt, logged)))

    def activity(self, since: float, until: float | None = None, step: int = ACTIVITY_MINUTE) -> list[ActivityRow]:
        first = int(since // ACTIVITY_MINUTE) * ACTIVITY_MINUTE
        last = time.time() if until is None else until
        step = checked_step(step)
        counts: dict[tuple[int, int, int], list[int]] = {}
        for minute, fields in self._run("activity", [first, repr(last)]):
            start = int(minute) // step * step
            for field, n in zip(fields[::2], fields[1::2], strict=True):
                sid, bucket, kind = text(field).split(":")  # kind: "d" delivered, "f" failed
                counts.setdefault((start, int(sid), int(bucket)), [0, 0])[kind == "f"] += int(n)
        return [ActivityRow(*key, delivered, failed) for key, (delivered, failed) in sorted(counts.items())]

    def last_failures(self) -> dict[int, LastFailure]:
        rows = self._run("last_failures", [])
        failures = {}
        for sid, logged in zip(rows[::2], rows[1::2], strict=True):
            started_at, _, status, response, *_ = json.loads(logged)
            failures[int(sid)] = LastFailure(int(sid), status, response, started_at)
        return failures

    def queue_counts(self, now: float | None = None) -> QueueCounts:
        depth, due, dead = self._run("queue_counts", [repr(time.time() if now is None else now)])
        return QueueCounts(int(depth), int(due), int(dead))

    def add_to(self, subscription_id: int, events: Sequence[EventRecord]) -> int:
        """As `Browsable.add_to`: the handle's own `add` script, with every event routed to that subscription alone."""
        args = [x for e in events for x in (e.id, e.name, e.payload, repr(e.created_at), e.trace)]
        each = json.dumps({str(index): [subscription_id] for index in range(len(events))})
        for _ in range(5):  # again if the subscriptions changed meanwhile
            self._cache.forget()
            version, _ = self._cache.route(())
            subscription = self._cache.get(version).get(subscription_id)
            if subscription is None:
                raise KeyError(f"no subscription {subscription_id} in {self._where}")
            if not subscription.enabled:
                raise ValueError(f"subscription {subscription_id} is disabled")
            stored = int(self._run("add", [version, repr(time.time()), "{}", each, *args]))
            if stored >= 0:
                return stored
        raise OutboxError(f"the Redis outbox {self._where}: the subscriptions keep changing; nothing was stored")

    def update_subscription(
        self,
        subscription_id: int,
        *,
        url: str | Keep = KEEP,
        events: Sequence[str] | Keep = KEEP,
        method: str | Keep = KEEP,
        format: str | Keep = KEEP,
        identities: Sequence[int] | Keep = KEEP,
        secrets: Sequence[str] | Keep = KEEP,
        retire_after: float | Keep | None = KEEP,
    ) -> Subscription:
        """As `Browsable.update_subscription`; other handles see the change at their next look at the
        subscriptions (their version moves)."""

        def edited(existing: dict[int, Subscription]) -> Subscription:
            if subscription_id not in existing:
                raise KeyError(f"no subscription {subscription_id} in {self._where}")
            return edited_subscription(
                existing[subscription_id], url=url, events=events, method=method, format=format,
                identities=identities, secrets=secrets, retire_after=retire_after,
            )  # fmt: skip

        return self._stored(edited)


def _given(value: float | None) -> str:
    """A criterion as a script argument: "" when not given."""
    return "" if value is None else repr(value)
