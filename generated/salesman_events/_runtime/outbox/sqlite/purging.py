# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Retention in the SQLite outbox: what `purge` removes, in one short transaction per call.

The newest event and the newest delivery are never removed: SQLite numbers a new row one past the largest, so they
keep a removed row's number from being handed out again (an attempt log or a late worker would mix two deliveries).
`commits` rows go once every event of theirs has gone, but the one holding the oldest event left (for `replay`)."""

from __future__ import annotations

import json
import sqlite3
from typing import Final

__all__ = ["purge"]

# Finished deliveries by the index on (state, next_attempt_at): scheduled, and finished, before `before`.
_FINISHED: Final = """SELECT id, event_seq FROM (SELECT id, event_seq FROM deliveries WHERE state = '{state}'
    AND next_attempt_at < :before AND updated_at < :before AND id < (SELECT max(id) FROM deliveries)
    ORDER BY next_attempt_at LIMIT :limit)"""
FINISHED: Final = f"{_FINISHED.format(state='delivered')} UNION ALL {_FINISHED.format(state='cancelled')}"
DEAD: Final = _FINISHED.format(state="dead")
DELETE_ATTEMPTS: Final = "DELETE FROM attempts WHERE delivery_id IN (SELECT value FROM json_each(?))"
DELETE_DELIVERIES: Final = "DELETE FROM deliveries WHERE id IN (SELECT value FROM json_each(?))"
DELETE_EMPTIED_EVENTS: Final = """DELETE FROM events WHERE seq IN (SELECT value FROM json_each(?1))
    AND seq < (SELECT max(seq) FROM events)
    AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_seq = events.seq)"""
DELETE_BARE_EVENTS: Final = """DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE bare
    AND created_at < :before AND seq < (SELECT max(seq) FROM events) ORDER BY created_at LIMIT :limit)"""
# The first commits (at most `limit` + 1 looked at), each gone if the next one starts at or before the oldest event.
DELETE_COMMITS: Final = """DELETE FROM commits WHERE (at, first_seq) IN (SELECT at, first_seq FROM (
    SELECT at, first_seq, lead(first_seq) OVER (ORDER BY at, first_seq) AS next
    FROM (SELECT at, first_seq FROM commits ORDER BY at, first_seq LIMIT :limit + 1))
    WHERE next <= (SELECT min(seq) FROM events))"""
# Activity rows: a few per minute, gone with the minutes before `before`.
DELETE_ACTIVITY: Final = "DELETE FROM activity WHERE minute < :before"


def purge(db: sqlite3.Connection, before: float, limit: int, dead: bool) -> int:
    """Inside the caller's write transaction: up to `limit` finished deliveries (and dead ones if `dead`) scheduled
    and finished before `before`, with their attempts; their events once no delivery of theirs is left; up to
    `limit` events created before `before` that went to no subscription. Returns how many deliveries and events
    went."""
    bounds = {"before": before, "limit": limit}
    rows = db.execute(f"SELECT * FROM ({FINISHED}{f' UNION ALL {DEAD}' if dead else ''}) LIMIT :limit", bounds)
    finished = rows.fetchall()
    removed = 0
    if finished:
        ids = json.dumps([id_ for id_, _ in finished])
        db.execute(DELETE_ATTEMPTS, (ids,))
        removed += db.execute(DELETE_DELIVERIES, (ids,)).rowcount
        removed += db.execute(DELETE_EMPTIED_EVENTS, (json.dumps(sorted({seq for _, seq in finished})),)).rowcount
    removed += db.execute(DELETE_BARE_EVENTS, bounds).rowcount
    db.execute(DELETE_COMMITS, bounds)
    db.execute(DELETE_ACTIVITY, bounds)
    return removed
