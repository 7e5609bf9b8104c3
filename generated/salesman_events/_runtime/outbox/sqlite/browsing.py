# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The SQLite outbox's console side (`browsing.Browsable`): searches, one delivery, activity, the queue's size, and
subscriptions listed, enabled or disabled, and edited in place.

A search without an event id or a rare state walks the deliveries newest first by their key, looking at no more than
the query's `scan` of them: a million delivered rows never get read for one page."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from typing import Any, Final

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
from ..interface import EventRecord, Subscription
from ..routes import Routing
from . import queries as sql
from .connections import BEGIN_READ, Connection, Connections

__all__ = ["SQLiteBrowsing", "subscription_of"]

# States few deliveries are in at a time: found through the (state, next_attempt_at) index, not by a bounded scan.
_INDEXED_STATES: Final = frozenset({"pending", "delivering", "dead"})
_ROW: Final = """SELECT d.id, e.id, e.name, d.subscription_id, d.state, d.attempts, e.created_at, d.updated_at,
    CASE WHEN d.state = 'pending' THEN d.next_attempt_at END, d.last_status
    FROM deliveries d JOIN events e ON e.seq = d.event_seq"""
# The smallest id among the `scan` newest deliveries below `before`, and how many there are.
_WINDOW: Final = """SELECT min(id), count(*) FROM (SELECT id FROM deliveries WHERE id < :before
    ORDER BY id DESC LIMIT :scan)"""
_DETAIL: Final = f"""SELECT d.id, e.id, e.name, d.subscription_id, d.state, d.attempts, e.created_at, d.updated_at,
    CASE WHEN d.state = 'pending' THEN d.next_attempt_at END, d.last_status, e.payload, e.trace, s.{
    ", s.".join(sql.SUBSCRIPTION_COLUMNS.split(", "))
}
    FROM deliveries d JOIN events e ON e.seq = d.event_seq JOIN subscriptions s ON s.id = d.subscription_id
    WHERE d.id = ?"""
_ACTIVITY: Final = """SELECT minute / :step * :step AS start, subscription_id, bucket, sum(delivered), sum(failed)
    FROM activity WHERE minute >= :first AND minute <= :last GROUP BY start, subscription_id, bucket
    ORDER BY start, subscription_id, bucket"""
_LAST_FAILURES: Final = "SELECT subscription_id, status, response, started_at FROM last_failures"
_QUEUE: Final = """SELECT (SELECT count(*) FROM deliveries WHERE state IN ('pending', 'delivering')),
    (SELECT count(*) FROM deliveries WHERE state = 'pending' AND next_attempt_at <= ?),
    (SELECT count(*) FROM deliveries WHERE state = 'dead')"""
_SUBSCRIPTION: Final = f"SELECT {sql.SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE id = ?"
_UPDATE_SUBSCRIPTION: Final = """UPDATE subscriptions SET url = ?, events = ?, method = ?, format = ?, secrets = ?,
    identities = ?, retire_after = ? WHERE id = ?"""
# A search by a rare state alone: its newest ids read from the index (not every row of the state, and its event).
_NEWEST_IN_STATE: Final = """d.id IN (SELECT id FROM deliveries WHERE state = :state AND id < :before
    ORDER BY id DESC LIMIT :limit)"""
_NEWEST: Final = 1 << 62  # `before` when the search starts at the newest delivery


def subscription_of(row: Sequence[Any]) -> Subscription:
    """A subscription from its row (`queries.SUBSCRIPTION_COLUMNS`)."""
    id_, url, events, method, format_, secrets, enabled, reason, identities, retire_after = row
    return Subscription(
        id_,
        url,
        tuple(json.loads(events)),
        method,
        format_,
        tuple(json.loads(secrets)),
        bool(enabled),
        reason,
        tuple(json.loads(identities)),
        retire_after,
    )


def _conditions(query: DeliveryQuery, bounded: bool) -> tuple[list[str], dict[str, Any]]:
    """The WHERE clauses (besides the id range) of a search, and their parameters. A `bounded` search compares
    `+d.state`, so that the planner walks the id range (`scan` rows at most) rather than the (state, next_attempt_at)
    index, which for a common state would read every delivery in it (all the delivered ones) and sort them."""
    clauses: list[str] = []
    params: dict[str, Any] = {}
    if query.event_id is not None:
        clauses.append("d.event_seq = (SELECT seq FROM events WHERE id = :event_id)")
        params["event_id"] = query.event_id
    if query.event is not None:
        clauses.append("e.name GLOB :event" if "*" in query.event or "?" in query.event else "e.name = :event")
        params["event"] = query.event
    for name, column, value, op in (
        ("subscription_id", "d.subscription_id", query.subscription_id, "="),
        ("state", "+d.state" if bounded else "d.state", query.state, "="),
        ("since", "e.created_at", query.since, ">="),
        ("until", "e.created_at", query.until, "<"),
    ):
        if value is not None:
            clauses.append(f"{column} {op} :{name}")
            params[name] = value
    return clauses, params


class SQLiteBrowsing:
    """What `SQLiteOutbox` adds for the console; it needs the outbox's connections and its subscription bump."""

    _db: Connections

    def _subscriptions_changed(self, c: Connection) -> None:
        raise NotImplementedError

    def _add(self, c: Connection, events: Sequence[EventRecord], routing: Routing) -> int:
        raise NotImplementedError  # the outbox's: events and their deliveries stored as `routing` says

    def subscriptions(self) -> list[Subscription]:
        with self._db.transaction(BEGIN_READ) as c:
            return [subscription_of(row) for row in c.db.execute(sql.SELECT_SUBSCRIPTIONS)]

    def set_enabled(self, subscription_id: int, enabled: bool, reason: str = "") -> None:
        """Enable or disable a subscription; KeyError if there is none with that id."""
        with self._db.transaction() as c:
            if c.db.execute(sql.SET_ENABLED, (int(enabled), "" if enabled else reason, subscription_id)).rowcount != 1:
                raise KeyError(f"no subscription {subscription_id}")
            self._subscriptions_changed(c)

    def deliveries(self, query: DeliveryQuery) -> DeliveryPage:
        bounded = query.event_id is None and query.state not in _INDEXED_STATES
        clauses, params = _conditions(query, bounded)
        before = _NEWEST if query.before is None else query.before
        with self._db.transaction(BEGIN_READ) as c:
            floor, looked_at = 0, 0
            if bounded:
                floor, looked_at = c.db.execute(_WINDOW, {"before": before, "scan": query.scan}).fetchone()
                if not looked_at:
                    return DeliveryPage((), None)
            where = " AND ".join(["d.id < :before", "d.id >= :floor", *clauses])
            if len(clauses) == 1 and query.state in _INDEXED_STATES:  # the state alone: the newest ids from its index
                where = _NEWEST_IN_STATE
            statement = f"{_ROW} WHERE {where} ORDER BY d.id DESC LIMIT :limit"
            bind = {**params, "before": before, "floor": floor, "limit": query.limit}
            rows = tuple(DeliveryRow(*row) for row in c.db.execute(statement, bind))
        if len(rows) == query.limit:
            return DeliveryPage(rows, rows[-1].id)
        cut = bounded and looked_at == query.scan and floor > 1
        return DeliveryPage(rows, floor if cut else None)

    def delivery(self, delivery_id: int) -> DeliveryDetail | None:
        with self._db.transaction(BEGIN_READ) as c:
            found = c.db.execute(_DETAIL, (delivery_id,)).fetchone()
            if found is None:
                return None
            attempts = tuple(attempt_from_log(*row) for row in c.db.execute(sql.SELECT_ATTEMPTS, (delivery_id,)))
        row = DeliveryRow(*found[:10])
        event = EventRecord(row.event_id, row.event, bytes(found[10]), row.created_at, found[11])
        return DeliveryDetail(row, event, subscription_of(found[12:]), attempts)

    def activity(self, since: float, until: float | None = None, step: int = ACTIVITY_MINUTE) -> list[ActivityRow]:
        bounds: dict[str, float] = {
            "first": int(since // ACTIVITY_MINUTE) * ACTIVITY_MINUTE,
            "step": checked_step(step),
        }
        bounds["last"] = time.time() if until is None else until
        with self._db.transaction(BEGIN_READ) as c:
            return [ActivityRow(*row) for row in c.db.execute(_ACTIVITY, bounds)]

    def last_failures(self) -> dict[int, LastFailure]:
        with self._db.transaction(BEGIN_READ) as c:
            return {row[0]: LastFailure(*row) for row in c.db.execute(_LAST_FAILURES)}

    def queue_counts(self, now: float | None = None) -> QueueCounts:
        with self._db.transaction(BEGIN_READ) as c:
            return QueueCounts(*c.db.execute(_QUEUE, (time.time() if now is None else now,)).fetchone())

    def add_to(self, subscription_id: int, events: Sequence[EventRecord]) -> int:
        with self._db.transaction() as c:
            found = c.db.execute("SELECT enabled FROM subscriptions WHERE id = ?", (subscription_id,)).fetchone()
            if found is None:
                raise KeyError(f"no subscription {subscription_id}")
            if not found[0]:
                raise ValueError(f"subscription {subscription_id} is disabled")
            to_it_alone = Routing({e.name: [] for e in events}, {n: [subscription_id] for n in range(len(events))})
            return self._add(c, events, to_it_alone)

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
        with self._db.transaction() as c:
            found = c.db.execute(_SUBSCRIPTION, (subscription_id,)).fetchone()
            if found is None:
                raise KeyError(f"no subscription {subscription_id}")
            s = edited_subscription(
                subscription_of(found),
                url=url,
                events=events,
                method=method,
                format=format,
                identities=identities,
                secrets=secrets,
                retire_after=retire_after,
            )
            row = (s.url, json.dumps(list(s.events)), s.method, s.format, json.dumps(list(s.secrets)))
            c.db.execute(_UPDATE_SUBSCRIPTION, (*row, json.dumps(list(s.identities)), s.retire_after, s.id))
            self._subscriptions_changed(c)
        return s
