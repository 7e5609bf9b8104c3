# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""How events get into the PostgreSQL outbox, on any connection: the outbox's own, or the application's (sync or
async) inside the transaction it has open. One statement (`queries.ADD`, `ADD_ONE` for a single event) stores the
events and their deliveries, routed by the handle's cached subscriptions; if those changed meanwhile the statement
stores nothing, and the subscriptions are read again through the same connection (so in the same snapshot as the
transaction) before the next try. A test event goes to one subscription alone, by the same statement
(`add_to_one`)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from ..interface import EventRecord, OutboxError, Subscription
from ..routes import Routing, SubscriptionCache
from .queries import Queries

if TYPE_CHECKING:
    from psycopg import AsyncCursor, Cursor
    from psycopg.rows import TupleRow

__all__ = ["add_async", "add_sync", "add_to_one", "read_subscriptions", "subscription_of", "subscriptions_of"]

TRIES: Final = 5  # the subscriptions changed between reading them and storing, this many times in a row: give up


def subscription_of(row: Sequence[Any]) -> Subscription:
    """A subscription from its row as `queries.SUBSCRIPTIONS` reads it."""
    id_, url, events, method, format_, secrets, enabled, reason, identities, retire_after = row
    return Subscription(
        int(id_), url, tuple(events), method, format_, tuple(secrets), enabled, reason, tuple(identities), retire_after
    )


def subscriptions_of(version: Any, rows: Sequence[Sequence[Any]]) -> tuple[str, dict[int, Subscription]]:
    """(version, subscriptions by id) from the version row's value and the rows of `queries.SUBSCRIPTIONS`."""
    subscriptions = {subscription.id: subscription for subscription in map(subscription_of, rows)}
    return str(version), subscriptions


def read_subscriptions(cursor: Cursor[TupleRow], q: Queries) -> tuple[str, dict[int, Subscription]]:
    """The subscriptions as this cursor's connection sees them, and their version (read first: a change committed
    in between makes the version look older than the rows, so the next check reads them again)."""
    (version,) = cursor.execute(q.VERSION).fetchone() or (0,)
    return subscriptions_of(version, cursor.execute(q.SUBSCRIPTIONS).fetchall())


def add_to_one(
    cursor: Cursor[TupleRow], q: Queries, version: str, subscription_id: int, events: Sequence[EventRecord]
) -> int:
    """Store the events with one delivery each, to that subscription whatever their names and tenants, through a
    sync cursor whose transaction keeps the subscriptions at `version`; returns how many deliveries were made."""
    routing = Routing({e.name: [] for e in events}, {index: [subscription_id] for index in range(len(events))})
    statement, params = _statement(q, version, routing, events, "")
    stored_at, made, _ = cursor.execute(statement, params).fetchone() or (None, 0, 0)
    if stored_at != params["version"]:  # the caller let the version move: nothing was stored
        raise _gave_up(q)
    return int(made)


def _statement(
    q: Queries, version: str, routing: Routing, events: Sequence[EventRecord], token: str
) -> tuple[str, dict[str, Any]]:
    """`queries.ADD` (or `ADD_ONE` for one event) and its parameters: the events routed by `routing`, stored if the
    subscriptions are still at `version`."""
    told = {"version": int(version), "channel": q.channel, "token": token, "now": time.time()}
    if len(events) == 1:
        (e,) = events
        sids = routing.of(0, e.name)
        one = {"id": e.id, "name": e.name, "payload": bytes(e.payload), "created": e.created_at, "bare": not sids}
        return q.ADD_ONE, {**one, "trace": e.trace, "route_ids": "{" + ",".join(map(str, sids)) + "}", **told}
    pairs = [(name, sid) for name, sids in routing.by_name.items() for sid in sids]
    tenant_pairs = [(events[index].id, sid) for index, sid in routing.pairs()]
    return q.ADD, {
        **told,
        "ids": [e.id for e in events],
        "names": [e.name for e in events],
        "payloads": [bytes(e.payload) for e in events],
        "created": [e.created_at for e in events],
        "traces": [e.trace for e in events] if any(e.trace for e in events) else [],
        "bare": [not routing.by_name[e.name] and n not in routing.by_event for n, e in enumerate(events)],
        "route_names": [name for name, _ in pairs],
        "route_ids": [sid for _, sid in pairs],
        "tenant_events": [event_id for event_id, _ in tenant_pairs],
        "tenant_ids": [sid for _, sid in tenant_pairs],
    }


def _gave_up(q: Queries) -> OutboxError:
    return OutboxError(f"the PostgreSQL outbox (schema {q.schema}): the subscriptions keep changing; nothing stored")


def add_sync(
    cursor: Cursor[TupleRow], q: Queries, cache: SubscriptionCache, events: Sequence[EventRecord], token: str = ""
) -> int:
    """Store the events and their deliveries through a sync cursor; returns how many deliveries were made."""
    for _ in range(TRIES):
        statement, params = _statement(q, *cache.route(events), events, token)
        version, made, _ = cursor.execute(statement, params).fetchone() or (None, 0, 0)
        if version == params["version"]:
            return int(made)
        cache.put(*read_subscriptions(cursor, q))
    raise _gave_up(q)


async def add_async(
    cursor: AsyncCursor[TupleRow], q: Queries, cache: SubscriptionCache, events: Sequence[EventRecord], token: str = ""
) -> int:
    """`add_sync` through an async cursor."""
    for _ in range(TRIES):
        statement, params = _statement(q, *cache.route(events), events, token)
        await cursor.execute(statement, params)
        version, made, _ = await cursor.fetchone() or (None, 0, 0)
        if version == params["version"]:
            return int(made)
        await cursor.execute(q.VERSION)
        (version,) = await cursor.fetchone() or (0,)
        await cursor.execute(q.SUBSCRIPTIONS)
        cache.put(*subscriptions_of(version, await cursor.fetchall()))
    raise _gave_up(q)
