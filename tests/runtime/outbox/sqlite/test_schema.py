"""The SQLite outbox's schema: an outbox file from an older SDK is upgraded in place, one from a newer SDK refused."""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest

from generator.runtime.outbox.interface import Attempt, EventRecord, OutboxError
from generator.runtime.outbox.sqlite.outbox import SQLiteOutbox
from generator.runtime.outbox.sqlite.schema import SCHEMA_VERSION

HOOK = "https://hooks.example.com/"
# Schema 1 as the SDK made it: the text event id was the events' key, deliveries referred to it.
SCHEMA_1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('subscriptions_version', 1);
CREATE TABLE events (id TEXT PRIMARY KEY, name TEXT NOT NULL, payload BLOB NOT NULL, created_at REAL NOT NULL);
CREATE INDEX events_created_at ON events (created_at);
CREATE TABLE subscriptions (id INTEGER PRIMARY KEY, url TEXT NOT NULL, events TEXT NOT NULL,
    method TEXT NOT NULL, format TEXT NOT NULL, secrets TEXT NOT NULL, enabled INTEGER NOT NULL,
    disabled_reason TEXT NOT NULL, created_at REAL NOT NULL);
CREATE TABLE deliveries (id INTEGER PRIMARY KEY, event_id TEXT NOT NULL REFERENCES events,
    subscription_id INTEGER NOT NULL REFERENCES subscriptions, state TEXT NOT NULL, attempts INTEGER NOT NULL,
    next_attempt_at REAL NOT NULL, lease_owner TEXT, lease_expires_at REAL, updated_at REAL NOT NULL,
    last_status INTEGER);
CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);
CREATE INDEX deliveries_event ON deliveries (event_id);
CREATE TABLE attempts (id INTEGER PRIMARY KEY, delivery_id INTEGER NOT NULL REFERENCES deliveries,
    started_at REAL NOT NULL, latency REAL NOT NULL, status INTEGER, response TEXT NOT NULL,
    outcome TEXT NOT NULL, next_attempt_at REAL);
CREATE INDEX attempts_delivery ON attempts (delivery_id);
PRAGMA user_version = 1;
"""


def old_outbox(path: Path, now: float) -> None:
    """A schema-1 file: three events (the middle one inserted first), one delivered, one dead, one pending."""
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.executescript(SCHEMA_1)
        db.execute(
            "INSERT INTO subscriptions VALUES (1, ?, '[\"*\"]', 'POST', 'json', '[]', 1, '', ?)", (HOOK, now - 100)
        )
        for event_id, n in (("msg_b", 2), ("msg_a", 1), ("msg_c", 3)):
            payload = f'{{"did": {n}}}'.encode()
            db.execute("INSERT INTO events VALUES (?, 'deal.close', ?, ?)", (event_id, payload, now - 60 + n))
        for delivery_id, event_id, state in ((7, "msg_a", "delivered"), (8, "msg_b", "dead"), (9, "msg_c", "pending")):
            db.execute(
                "INSERT INTO deliveries VALUES (?, ?, 1, ?, 1, ?, NULL, NULL, ?, NULL)",
                (delivery_id, event_id, state, now - 50, now - 50),
            )
        db.execute("INSERT INTO attempts VALUES (1, 7, ?, 0.01, 200, 'ok', 'delivered', NULL)", (now - 40,))
        db.execute("INSERT INTO attempts VALUES (2, 8, ?, 0.02, 500, 'boom', 'dead', NULL)", (now - 40,))


def test_a_schema_1_outbox_is_upgraded_in_place_keeping_everything(tmp_path: Path) -> None:
    path, now = tmp_path / "outbox.db", time.time()
    old_outbox(path, now)
    outbox = SQLiteOutbox(path)
    try:
        status = outbox.status(now)
        assert (status.pending, status.delivered, status.dead) == (1, 1, 1)
        assert outbox.attempts(7) == [Attempt(now - 40, 0.01, 200, "ok", "delivered")]
        assert outbox.attempts(8) == [Attempt(now - 40, 0.02, 500, "boom", "dead")]
        (due,) = outbox.claim("worker", limit=10, now=now)
        assert (due.delivery_id, due.event.id, due.event.payload, due.subscription.url) == (
            9,
            "msg_c",
            b'{"did": 3}',
            HOOK,
        )
        assert outbox.replay(event_id="msg_b") == 1  # the dead one, found by its text id
        assert outbox.replay(since=now - 58.5) == 1  # msg_b (now - 58); not msg_a (now - 59), nor msg_c (leased)
        outbox.subscribe(HOOK + "new", ["deal.*"])
        # New events come after the old ones, and get a delivery per subscription.
        assert outbox.add([EventRecord("msg_d", "deal.close", b"{}", now)]) == 2
        dues = outbox.claim("worker", limit=10, now=now + 1)
        assert sorted((d.event.id, d.subscription.url) for d in dues) == [
            ("msg_b", HOOK),
            ("msg_d", HOOK),
            ("msg_d", HOOK + "new"),
        ]
    finally:
        outbox.close()
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("SELECT seq, id FROM events ORDER BY seq").fetchall()[:3] == [
            (1, "msg_b"),
            (2, "msg_a"),
            (3, "msg_c"),
        ]  # in the order they were stored


def test_an_upgraded_outbox_opens_again_unchanged(tmp_path: Path) -> None:
    path, now = tmp_path / "outbox.db", time.time()
    old_outbox(path, now)
    SQLiteOutbox(path).close()
    outbox = SQLiteOutbox(path)
    try:
        status = outbox.status(now)
        assert (status.pending, status.delivered, status.dead) == (1, 1, 1)
    finally:
        outbox.close()


def test_an_outbox_from_a_newer_sdk_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "outbox.db"
    with closing(sqlite3.connect(path)) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(OutboxError, match=f"schema {SCHEMA_VERSION + 1}, newer"):
        SQLiteOutbox(path)
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION + 1,)
        assert db.execute("SELECT count(*) FROM sqlite_schema").fetchone() == (0,)


def test_replay_since_finds_events_committed_late_or_stamped_ahead_of_the_clock(tmp_path: Path) -> None:
    outbox, now = SQLiteOutbox(tmp_path / "outbox.db"), time.time()
    try:
        outbox.subscribe(HOOK, ["*"])
        ahead, recent, late = (
            EventRecord(f"msg_{n}", "deal.close", b"{}", now + t) for n, t in ((1, 100), (2, -10), (3, -100))
        )
        outbox.add([ahead])  # created "in the future" (a clock that later went back)
        outbox.add([recent])
        outbox.add([late])  # created long ago, committed last
        assert outbox.replay(since=now + 50) == 1  # ahead only
        assert outbox.replay(since=now - 50) == 2  # ahead and recent
        assert outbox.replay(since=now - 200) == 3
        assert outbox.replay(since=now + 200) == 0
    finally:
        outbox.close()
    with closing(sqlite3.connect(tmp_path / "outbox.db")) as db:
        commits = db.execute("SELECT first_seq, at FROM commits ORDER BY first_seq").fetchall()
    assert [seq for seq, _ in commits] == [1, 2, 3]
    assert all(at == commits[0][1] == now + 100 for _, at in commits)  # never earlier than an earlier commit


def back_to_schema_4(db: sqlite3.Connection) -> None:
    """A schema-5 file made as schema 4 was: no traces, attempt headers, rotation ends, activity, last failures."""
    db.execute("ALTER TABLE events DROP COLUMN trace")
    db.execute("ALTER TABLE attempts DROP COLUMN headers")
    db.execute("ALTER TABLE subscriptions DROP COLUMN retire_after")
    db.execute("DROP TABLE activity")
    db.execute("DROP TABLE last_failures")
    db.execute("PRAGMA user_version = 4")


def test_a_schema_4_outbox_gets_the_consoles_columns_and_its_last_failures(tmp_path: Path) -> None:
    path, now = tmp_path / "outbox.db", time.time()
    outbox = SQLiteOutbox(path)
    sub = outbox.subscribe(HOOK, ["deal.*"])
    outbox.add([EventRecord("msg_1", "deal.close", b"{}", now), EventRecord("msg_2", "deal.open", b"{}", now)])
    first, second = outbox.claim("w", limit=10)
    outbox.record(first, "w", Attempt(now - 5, 0.1, 503, "busy", "retry", now + 60))
    outbox.record(second, "w", Attempt(now - 1, 0.1, 500, "broken", "dead"))
    outbox.close()
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        back_to_schema_4(db)
    outbox = SQLiteOutbox(path)
    try:
        with closing(sqlite3.connect(path)) as db:
            assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,) == (5,)
        assert [(f.status, f.response) for f in outbox.last_failures().values()] == [(500, "broken")]
        assert outbox.subscriptions()[0].retire_after is None and outbox.activity(0) == []
        assert [a.response for a in outbox.attempts(first.delivery_id)] == ["busy"]
        assert outbox.replay(subscription_id=sub.id) == 2
        (due, _) = outbox.claim("w", limit=10)
        assert due.event.trace == ""
    finally:
        outbox.close()


def test_a_schema_2_outbox_gets_retention_and_its_events_that_went_nowhere_are_marked(tmp_path: Path) -> None:
    path, now = tmp_path / "outbox.db", time.time()
    outbox = SQLiteOutbox(path)
    outbox.subscribe(HOOK, ["deal.*"])
    outbox.add(
        [EventRecord("msg_routed", "deal.close", b"{}", now - 60), EventRecord("msg_bare", "task.add", b"{}", now - 60)]
    )
    outbox.add([EventRecord("msg_new", "deal.open", b"{}", now)])
    outbox.close()
    with closing(sqlite3.connect(path, isolation_level=None)) as db:  # back to schema 2: no `bare`, no tenants
        back_to_schema_4(db)
        db.execute("DROP INDEX events_bare")
        db.execute("ALTER TABLE events DROP COLUMN bare")
        db.execute("ALTER TABLE subscriptions DROP COLUMN identities")
        db.execute("PRAGMA user_version = 2")
    outbox = SQLiteOutbox(path)
    try:
        with closing(sqlite3.connect(path)) as db:
            assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
            assert db.execute("SELECT id FROM events WHERE bare").fetchall() == [("msg_bare",)]
        assert outbox.purge(now - 1) == 1  # the event that went nowhere
        assert outbox.status(now).pending == 2
    finally:
        outbox.close()


def test_a_schema_3_outbox_gets_tenants_and_its_subscriptions_keep_every_tenant(tmp_path: Path) -> None:
    path = tmp_path / "outbox.db"
    outbox = SQLiteOutbox(path)
    outbox.subscribe(HOOK, ["deal.*"])
    outbox.close()
    with closing(sqlite3.connect(path, isolation_level=None)) as db:  # back to schema 3: no `identities`
        back_to_schema_4(db)
        db.execute("ALTER TABLE subscriptions DROP COLUMN identities")
        db.execute("PRAGMA user_version = 3")
    outbox = SQLiteOutbox(path)
    try:
        with closing(sqlite3.connect(path)) as db:
            assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,) == (5,)
        assert [s.identities for s in outbox.subscriptions()] == [()]
        tenant_2 = b'{"event":"deal.close","identity":2}'
        assert outbox.add([EventRecord("msg_t2", "deal.close", tenant_2, time.time())]) == 1
        outbox.subscribe(HOOK + "one", ["deal.*"], identities=[1])
        assert outbox.add([EventRecord("msg_t2b", "deal.close", tenant_2, time.time())]) == 1
    finally:
        outbox.close()
