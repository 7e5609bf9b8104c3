# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The SQLite outbox's tables, and the upgrade of a file made by an older version of the SDK.

Schema 2: events are numbered by an integer `seq` (their rowid, in the order they were committed), and each delivery
refers to its event by that number, not by the text event id. Deliveries have no foreign keys: the outbox makes them
only from the events it has just inserted, and subscriptions are never deleted (events only by `purge`, with their
deliveries); their checks cost a lookup per delivery on the emitters' commit path. Attempts still refer to their
delivery.

Events have no index on `created_at` (one more index entry per event); instead `commits` has a row per transaction
that added events: its first event's seq and a time `at` no earlier than any of its events' `created_at` nor the
previous row's `at`. So every event created at or after a time T is in a commit with `at >= T`, and the first such
commit (by `at`, its key) bounds the seq range to look at; `replay(since=T)` reads only that range.

Schema 3 (retention) adds `events.bare`, set on events that went to no subscription, with an index of those by
`created_at`: `purge` finds them without looking at every event (finished deliveries by `deliveries_due`).

Schema 4 (tenants) adds `subscriptions.identities`, the JSON list of the SalesMan tenants a subscription is
limited to (`[]`: every tenant).

Schema 5 (this one; the console) adds `events.trace` (the emit's traceparent), `attempts.headers` (request and
response headers, `browsing.headers_text`), `subscriptions.retire_after` (a secret rotation's end), and two tables the
workers keep up as they record attempts: `activity` (attempts per minute, subscription and latency bucket, for charts
and the health policy) and `last_failures` (each subscription's last failed attempt). Upgrading fills
`last_failures` from the attempt log; `activity` starts empty.

Schema 1 (until the events got a `seq`): the text id was the events' key and deliveries referred to it. Opening such
a file upgrades it in place, in one transaction (all of it or nothing), keeping every event, delivery id, state and
attempt; an outbox from a newer version of the SDK is refused rather than guessed at.
"""

from __future__ import annotations

import sqlite3
from typing import Final

__all__ = ["SCHEMA_VERSION", "migrate"]

SCHEMA_VERSION: Final = 5

_EVENTS: Final = """CREATE TABLE IF NOT EXISTS {table} (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL, payload BLOB NOT NULL, created_at REAL NOT NULL, bare INTEGER NOT NULL DEFAULT 0,
    trace TEXT NOT NULL DEFAULT '')"""
_DELIVERIES: Final = """CREATE TABLE IF NOT EXISTS {table} (id INTEGER PRIMARY KEY, event_seq INTEGER NOT NULL,
    subscription_id INTEGER NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at REAL NOT NULL,
    lease_owner TEXT, lease_expires_at REAL, updated_at REAL NOT NULL, last_status INTEGER)"""

_SCHEMA: Final = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID",
    "INSERT OR IGNORE INTO meta (key, value) VALUES ('subscriptions_version', 0)",
    _EVENTS.format(table="events"),
    # Keyed by `at` (non-decreasing in first_seq, so this is first_seq order too): one b-tree, no second index.
    """CREATE TABLE IF NOT EXISTS commits (at REAL NOT NULL, first_seq INTEGER NOT NULL, PRIMARY KEY (at, first_seq))
        WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS subscriptions (id INTEGER PRIMARY KEY, url TEXT NOT NULL, events TEXT NOT NULL,
        method TEXT NOT NULL, format TEXT NOT NULL, secrets TEXT NOT NULL, enabled INTEGER NOT NULL,
        disabled_reason TEXT NOT NULL, created_at REAL NOT NULL, identities TEXT NOT NULL DEFAULT '[]',
        retire_after REAL)""",
    _DELIVERIES.format(table="deliveries"),
    "CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (state, next_attempt_at)",
    "CREATE INDEX IF NOT EXISTS deliveries_event ON deliveries (event_seq)",
    """CREATE TABLE IF NOT EXISTS attempts (id INTEGER PRIMARY KEY, delivery_id INTEGER NOT NULL REFERENCES deliveries,
        started_at REAL NOT NULL, latency REAL NOT NULL, status INTEGER, response TEXT NOT NULL,
        outcome TEXT NOT NULL, next_attempt_at REAL, headers TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX IF NOT EXISTS attempts_delivery ON attempts (delivery_id)",
    "CREATE INDEX IF NOT EXISTS events_bare ON events (created_at) WHERE bare",
    """CREATE TABLE IF NOT EXISTS activity (minute INTEGER NOT NULL, subscription_id INTEGER NOT NULL,
        bucket INTEGER NOT NULL, delivered INTEGER NOT NULL, failed INTEGER NOT NULL,
        PRIMARY KEY (minute, subscription_id, bucket)) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS last_failures (subscription_id INTEGER PRIMARY KEY, status INTEGER,
        response TEXT NOT NULL, started_at REAL NOT NULL)""",
)
# From schema 2, 3 or 4: the events' traces (schema 1's events table is made anew, with it).
_FROM_4_EVENTS: Final = ("ALTER TABLE events ADD COLUMN trace TEXT NOT NULL DEFAULT ''",)
# From schema 1 to 4: the attempts' headers, the subscriptions' rotation end.
_FROM_4: Final = (
    "ALTER TABLE attempts ADD COLUMN headers TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE subscriptions ADD COLUMN retire_after REAL",
)
# From schema 1 to 4, after `_SCHEMA`: each subscription's last failed attempt, from the attempt log.
_LAST_FAILURES: Final = """INSERT INTO last_failures (subscription_id, status, response, started_at)
    SELECT d.subscription_id, a.status, a.response, a.started_at
    FROM attempts a JOIN deliveries d ON d.id = a.delivery_id
    WHERE a.id IN (SELECT max(a.id) FROM attempts a JOIN deliveries d ON d.id = a.delivery_id
    WHERE a.outcome != 'delivered' GROUP BY d.subscription_id)"""
# From schema 1, 2 or 3: the subscriptions' tenants.
_FROM_3: Final = ("ALTER TABLE subscriptions ADD COLUMN identities TEXT NOT NULL DEFAULT '[]'",)
# From schema 2: the column (before `_SCHEMA` indexes it).
_FROM_2: Final = ("ALTER TABLE events ADD COLUMN bare INTEGER NOT NULL DEFAULT 0",)
# From schema 1 or 2, after `_SCHEMA`: the events kept that went to no subscription are marked.
_MARK_BARE: Final = (
    "UPDATE events SET bare = 1 WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_seq = events.seq)"
)

# From schema 1: new tables beside the old ones, the rows copied in commit order, the old ones dropped (with their
# indexes), the new ones renamed; `_SCHEMA` then adds the indexes. Needs foreign keys off (attempts refer to the
# `deliveries` being replaced; the same delivery ids come back under the same name).
_FROM_1: Final = (
    _EVENTS.format(table="events_2"),
    """INSERT INTO events_2 (id, name, payload, created_at)
    SELECT id, name, payload, created_at FROM events ORDER BY rowid""",
    _DELIVERIES.format(table="deliveries_2"),
    """INSERT INTO deliveries_2 (id, event_seq, subscription_id, state, attempts, next_attempt_at, lease_owner,
        lease_expires_at, updated_at, last_status)
    SELECT d.id, e.seq, d.subscription_id, d.state, d.attempts, d.next_attempt_at, d.lease_owner, d.lease_expires_at,
        d.updated_at, d.last_status FROM deliveries d JOIN events_2 e ON e.id = d.event_id ORDER BY d.id""",
    "DROP TABLE deliveries",
    "DROP TABLE events",
    "ALTER TABLE events_2 RENAME TO events",
    "ALTER TABLE deliveries_2 RENAME TO deliveries",
)
# After `_SCHEMA`: the events kept count as one commit, as late as the latest of them.
_FROM_1_COMMITS: Final = "INSERT INTO commits (first_seq, at) SELECT 1, max(created_at) FROM events HAVING count(*) > 0"


def migrate(db: sqlite3.Connection, where: object) -> None:
    """Bring the file to SCHEMA_VERSION, inside the caller's write transaction, with foreign keys off.

    Raises ValueError for a file from a newer SDK (nothing changed)."""
    (version,) = db.execute("PRAGMA user_version").fetchone()
    if version > SCHEMA_VERSION:
        raise ValueError(f"the outbox {where} has schema {version}, newer than this code's ({SCHEMA_VERSION})")
    if version == SCHEMA_VERSION:
        return  # another process upgraded it while this one waited for the write lock
    for statement in {1: _FROM_1, 2: _FROM_2}.get(version, ()):
        db.execute(statement)
    for statement in _FROM_3 if version in (1, 2, 3) else ():
        db.execute(statement)
    for statement in _FROM_4_EVENTS if version in (2, 3, 4) else ():
        db.execute(statement)
    for statement in _FROM_4 if version in (1, 2, 3, 4) else ():
        db.execute(statement)
    for statement in _SCHEMA:
        db.execute(statement)
    if version in (1, 2, 3, 4):
        db.execute(_LAST_FAILURES)
    if version == 1:
        db.execute(_FROM_1_COMMITS)
    if version in (1, 2):
        db.execute(_MARK_BARE)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
