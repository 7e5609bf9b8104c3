# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The console's side of the PostgreSQL outbox (`browsing.Browsable`): deliveries searched newest first in bounded
scans, one delivery with its event and attempts, the activity and the last failures kept as attempts are recorded,
the queue's size, test events to one subscription, and a subscription edited in place."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from typing import Any, Final, cast

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
    attempt_from_log,
    checked_step,
    edited_subscription,
)
from ..interface import DeliveryState, EventRecord, Subscription, matches
from ..routes import SubscriptionCache
from .adding import add_to_one, subscription_of
from .connections import Connections
from .queries import Queries

__all__ = ["PostgresBrowsing"]

NO_BOUND: Final = 2**63 - 1  # above every delivery id: a search from the newest


class PostgresBrowsing:
    """The `Browsable` methods of `PostgresOutbox`, which sets these attributes."""

    _db: Connections
    _q: Queries
    _cache: SubscriptionCache

    def deliveries(self, query: DeliveryQuery) -> DeliveryPage:
        """A page of the deliveries every criterion of `query` holds for, newest first (`browsing.DeliveryQuery`)."""
        if query.limit < 1 or query.scan < 1:
            raise ValueError(f"a search needs a positive limit and scan, got {query!r}")
        q = self._q
        params: dict[str, Any] = {
            **vars(query),
            "before": NO_BOUND if query.before is None else query.before,
            "names": [query.event],
        }
        # Each search looks by the most selective index it has: one event's deliveries, the dead ones, or all.
        looked = q.LOOK_EVENT if query.event_id is not None else q.LOOK_DEAD if query.state == "dead" else q.LOOK_ANY
        criteria = "".join(
            fragment
            for fragment, given in (
                (q.SEARCH_EVENT_ID, query.event_id is not None),
                (q.SEARCH_SUBSCRIPTION, query.subscription_id is not None),
                (q.SEARCH_STATE, query.state is not None),
                (q.SEARCH_SINCE, query.since is not None),
                (q.SEARCH_UNTIL, query.until is not None),
            )
            if given
        )
        # A name without `*` or `?` matches only itself (`matches`); a pattern, the names of the events looked at
        # that it matches.
        pattern = query.event is not None and ("*" in query.event or "?" in query.event)
        with self._db.session() as db:
            if pattern:
                names = db.execute(_filled(q.SEARCH_NAMES, looked, criteria), params).fetchall()
                params["names"] = [name for (name,) in names if matches([str(query.event)], name)]
            if query.event is not None:
                criteria += q.SEARCH_NAMES_IN
            rows = db.execute(_filled(q.SEARCH, looked, criteria), params).fetchall()
            params["last"] = rows[-1][0] if len(rows) == query.limit else None
            edge = db.execute(_filled(q.SEARCH_EDGE, looked, ""), params).fetchone()
        return DeliveryPage(tuple(_listed(row) for row in rows), None if edge is None else int(edge[0]))

    def delivery(self, delivery_id: int) -> DeliveryDetail | None:
        """The delivery with its event, subscription and attempts (oldest first); None if there is none."""
        with self._db.session() as db:
            found = db.execute(self._q.DELIVERY, (delivery_id,)).fetchone()
            logs = db.execute(self._q.ATTEMPTS, (delivery_id,)).fetchall() if found else []
        if found is None:
            return None
        *listing, payload, trace, version = found
        row = _listed(listing)
        subscription = self._cache.get(str(version))[row.subscription_id]
        event = EventRecord(row.event_id, row.event, payload, row.created_at, trace)
        return DeliveryDetail(row, event, subscription, tuple(attempt_from_log(*log) for log in logs))

    def activity(self, since: float, until: float | None = None, step: int = ACTIVITY_MINUTE) -> list[ActivityRow]:
        bounds = {"first": int(since // ACTIVITY_MINUTE) * ACTIVITY_MINUTE, "step": checked_step(step)}
        bounds["last"] = math.floor(time.time() if until is None else until)  # minutes are whole seconds
        with self._db.session() as db:
            return [ActivityRow(*row) for row in db.execute(self._q.ACTIVITY, bounds)]

    def last_failures(self) -> dict[int, LastFailure]:
        with self._db.session() as db:
            return {row[0]: LastFailure(*row) for row in db.execute(self._q.LAST_FAILURES)}

    def queue_counts(self, now: float | None = None) -> QueueCounts:
        with self._db.session() as db:
            counts = db.execute(self._q.QUEUE_COUNTS, {"now": time.time() if now is None else now}).fetchone()
        depth, due, dead = counts or (0, 0, 0)
        return QueueCounts(int(depth), int(due), int(dead))

    def add_to(self, subscription_id: int, events: Sequence[EventRecord]) -> int:
        """Store `events` with one pending delivery each to that subscription alone (a test event), in one
        transaction; KeyError for an unknown id, ValueError for a disabled subscription."""
        with self._db.transaction() as db, db.cursor() as cursor:
            found = cursor.execute(self._q.SUBSCRIPTION_TO_ADD_TO, (subscription_id,)).fetchone()
            if found is None:
                raise KeyError(f"no subscription {subscription_id} in {self._db.where}")
            if not found[0]:
                raise ValueError(f"subscription {subscription_id} is disabled")
            (version,) = cursor.execute(self._q.VERSION_KEPT).fetchone() or (0,)
            return add_to_one(cursor, self._q, str(version), subscription_id, events) if events else 0

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
        """The subscription with the fields given changed (`edited_subscription`), stored, its version moved so that
        every handle routes by it from its next `add`; KeyError for an unknown id, ValueError for invalid fields."""
        with self._db.transaction() as db:
            db.execute(self._q.LOCK_SUBSCRIPTIONS)  # the table first, as `subscribe` takes it, or the two deadlock
            found = db.execute(self._q.SUBSCRIPTION_TO_EDIT, (subscription_id,)).fetchone()
            if found is None:
                raise KeyError(f"no subscription {subscription_id} in {self._db.where}")
            edited = edited_subscription(
                subscription_of(found), url=url, events=events, method=method, format=format,
                identities=identities, secrets=secrets, retire_after=retire_after,
            )  # fmt: skip
            e = edited
            fields = (e.url, list(e.events), e.method, e.format, list(e.secrets), list(e.identities), e.retire_after)
            db.execute(self._q.EDIT_SUBSCRIPTION, (*fields, subscription_id))
            db.execute(self._q.SUBSCRIPTIONS_CHANGED)
        return edited


def _filled(statement: str, looked: str, criteria: str) -> str:
    """A search statement with the deliveries it looks at and its criteria."""
    return statement.replace("{looked}", looked).replace("{criteria}", criteria)


def _listed(row: Sequence[Any]) -> DeliveryRow:
    """A delivery as `queries.DELIVERY` and `queries.SEARCH` read it."""
    id_, event_id, name, sid, state, attempts, created_at, updated_at, next_attempt_at, last_status = row
    due_at = next_attempt_at if state == "pending" else None  # the others' is a leftover
    return DeliveryRow(
        id_, event_id, name, sid, cast(DeliveryState, state), attempts, created_at, updated_at, due_at, last_status
    )
