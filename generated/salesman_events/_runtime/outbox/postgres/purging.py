# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Retention in the PostgreSQL outbox: what `purge` removes, in one short transaction per call."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .queries import Queries

if TYPE_CHECKING:
    from psycopg import Connection
    from psycopg.rows import TupleRow

__all__ = ["purge"]


def purge(db: Connection[TupleRow], q: Queries, before: float, limit: int, dead: bool) -> int:
    """Inside the caller's transaction: up to `limit` finished deliveries (and dead ones if `dead`) last changed
    before `before`, with their attempts; their events once no delivery of theirs is left; up to `limit` events
    created before `before` that went to no subscription; up to `limit` activity rows of minutes before `before`.
    Returns how many deliveries and events went (activity rows are not counted: they are no deliveries)."""
    statement = q.PURGE_FINISHED_AND_DEAD if dead else q.PURGE_FINISHED
    deliveries, seqs = db.execute(statement, {"before": before, "limit": limit}).fetchone() or (0, None)
    events = 0
    if seqs:
        db.execute(q.LOCK_EVENTS, (seqs,))
        events = db.execute(q.PURGE_EMPTIED_EVENTS, (seqs,)).rowcount
    events += db.execute(q.PURGE_BARE_EVENTS, {"before": before, "limit": limit}).rowcount
    db.execute(q.PURGE_ACTIVITY, {"before": before, "limit": limit})
    return int(deliveries) + events
