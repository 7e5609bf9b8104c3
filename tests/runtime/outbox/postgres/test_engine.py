"""The PostgreSQL outbox's own cases: URLs and the schema option, its tables' versions (made, upgraded, a newer one
refused, processes starting together), an unreachable server, a closed handle, what text can't hold."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterator

import psycopg
import pytest

from generator.runtime.outbox import Attempt, EventRecord, OutboxError, open_outbox
from generator.runtime.outbox.browsing import DeliveryQuery, LastFailure, QueueCounts
from generator.runtime.outbox.postgres import SCHEMA_VERSION, PostgresOutbox, open_postgres
from generator.runtime.outbox.postgres.schema import migrate
from tests.helpers import POSTGRES_URL, drop_schema

from ..support import HOOK, claim_all, counts, event

PROCESSES = 4


@pytest.fixture
def db() -> Iterator[psycopg.Connection]:
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        yield connection


def version(db: psycopg.Connection, schema: str) -> int:
    row = db.execute(f"SELECT value FROM \"{schema}\".meta WHERE key = 'schema_version'").fetchone()
    assert row is not None
    return int(row[0])


def test_open_by_url_with_a_schema_of_its_own(postgres_schema: str, db: psycopg.Connection) -> None:
    for url in (f"{POSTGRES_URL}?schema={postgres_schema}", f"{POSTGRES_URL.replace('postgresql', 'postgres', 1)}"
                f"?connect_timeout=3&schema={postgres_schema}"):  # fmt: skip
        outbox = open_outbox(url)
        assert isinstance(outbox, PostgresOutbox) and outbox.schema == postgres_schema
        outbox.close()
    assert version(db, postgres_schema) == SCHEMA_VERSION
    tables = db.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", (postgres_schema,)).fetchall()
    rows = {"subscriptions", "events", "deliveries", "attempts"}
    assert {t for (t,) in tables} == {"meta", *rows, "activity", "last_failures"}
    for url in ("redis://localhost/0", "postgresql://x/y?schema=bad-name", "postgresql://x/y?schema=" + "s" * 51):
        with pytest.raises(ValueError):
            open_postgres(url)
    with pytest.raises(ValueError, match="postgresql://"):
        open_outbox("mysql://x/y")


def test_two_schemas_in_one_database_are_two_outboxes(postgres_schema: str) -> None:
    other = postgres_schema + "_b"
    first = PostgresOutbox(POSTGRES_URL, schema=postgres_schema)
    second = PostgresOutbox(POSTGRES_URL, schema=other)
    try:
        first.subscribe(HOOK, ["*"])
        assert first.add([event()]) == 1 and second.add([event()]) == 0
        assert second.subscriptions() == [] and counts(second.status()) == (0, 0, 0)
    finally:
        first.close()
        second.close()
        drop_schema(other)


def test_an_older_schema_is_upgraded_in_place_keeping_everything(postgres_schema: str, db: psycopg.Connection) -> None:
    migrate(db, postgres_schema, target=1)
    db.execute(f"""INSERT INTO "{postgres_schema}".events (id, name, payload, created_at)
        VALUES ('msg_old', 'deal.close', '{{}}', %s)""", (time.time() - 60,))  # fmt: skip
    assert version(db, postgres_schema) == 1
    outbox = PostgresOutbox(POSTGRES_URL, schema=postgres_schema)
    try:
        assert version(db, postgres_schema) == SCHEMA_VERSION
        assert db.execute(f'SELECT id, bare FROM "{postgres_schema}".events').fetchall() == [("msg_old", False)]
        outbox.subscribe(HOOK, ["*"])
        assert outbox.add([event()]) == 1
    finally:
        outbox.close()


def test_a_version_2_schema_gets_tenants_and_its_subscriptions_keep_every_tenant(
    postgres_schema: str, db: psycopg.Connection
) -> None:
    migrate(db, postgres_schema, target=2)
    db.execute(f"""INSERT INTO "{postgres_schema}".subscriptions (url, events, method, format, secrets, enabled,
        disabled_reason, created_at) VALUES (%s, '{{*}}', 'POST', 'json', '{{}}', true, '', 0)""", (HOOK,))  # fmt: skip
    outbox = PostgresOutbox(POSTGRES_URL, schema=postgres_schema)
    try:
        assert version(db, postgres_schema) == SCHEMA_VERSION
        assert [s.identities for s in outbox.subscriptions()] == [()]
        assert outbox.add([event()]) == 1
    finally:
        outbox.close()


def test_a_version_3_schema_gets_the_consoles_tables_and_keeps_its_rows(
    postgres_schema: str, db: psycopg.Connection
) -> None:
    migrate(db, postgres_schema, target=3)
    s = f'"{postgres_schema}"'
    (sid,) = db.execute(f"""INSERT INTO {s}.subscriptions (url, events, method, format, secrets, enabled,
        disabled_reason, created_at) VALUES (%s, '{{*}}', 'POST', 'json', '{{}}', true, '', 0) RETURNING id""",
        (HOOK,)).fetchone() or (0,)  # fmt: skip
    (seq,) = db.execute(f"""INSERT INTO {s}.events (id, name, payload, created_at)
        VALUES ('msg_old', 'deal.close', '{{}}', 1000) RETURNING seq""").fetchone() or (0,)  # fmt: skip
    (dead,) = db.execute(f"""INSERT INTO {s}.deliveries (event_seq, subscription_id, state, attempts,
        next_attempt_at, updated_at) VALUES (%s, %s, 'dead', 2, 1000, 1001) RETURNING id""",
        (seq, sid)).fetchone() or (0,)  # fmt: skip
    for started, status, outcome in ((1000.25, 503, "retry"), (1000.5, 500, "dead")):
        db.execute(f"""INSERT INTO {s}.attempts (delivery_id, started_at, latency, status, response, outcome)
            VALUES (%s, %s, 0.2, %s, 'busy', %s)""", (dead, started, status, outcome))  # fmt: skip
    outbox = PostgresOutbox(POSTGRES_URL, schema=postgres_schema)
    try:
        assert version(db, postgres_schema) == SCHEMA_VERSION
        assert [(s.id, s.retire_after) for s in outbox.subscriptions()] == [(sid, None)]
        assert outbox.attempts(dead)[-1] == Attempt(1000.5, 0.2, 500, "busy", "dead")
        detail = outbox.delivery(dead)
        assert detail is not None and detail.event == EventRecord("msg_old", "deal.close", b"{}", 1000.0, "")
        assert outbox.last_failures() == {sid: LastFailure(sid, 500, "busy", 1000.5)}  # the last one logged
        assert outbox.status().subscriptions[0].last_error == "HTTP 500: busy"
        assert outbox.queue_counts() == QueueCounts(0, 0, 1)
        assert [row.id for row in outbox.deliveries(DeliveryQuery(state="dead")).rows] == [dead]
        assert outbox.replay(dead=True) == 1
    finally:
        outbox.close()


def test_a_schema_from_a_newer_sdk_is_refused_untouched(postgres_schema: str, db: psycopg.Connection) -> None:
    PostgresOutbox(POSTGRES_URL, schema=postgres_schema).close()
    db.execute(f"UPDATE \"{postgres_schema}\".meta SET value = 99 WHERE key = 'schema_version'")
    with pytest.raises(OutboxError, match=f"version 99, newer than this code's .{SCHEMA_VERSION}.: upgrade the SDK"):
        PostgresOutbox(POSTGRES_URL, schema=postgres_schema)
    assert version(db, postgres_schema) == 99


def _open_and_add(schema: str, start: float) -> str:
    time.sleep(max(0.0, start - time.time()))
    outbox = PostgresOutbox(POSTGRES_URL, schema=schema)
    try:
        record = event()
        outbox.add([record])
        return record.id
    finally:
        outbox.close()


def test_processes_starting_together_on_a_new_schema_all_get_in(postgres_schema: str, db: psycopg.Connection) -> None:
    start = time.time() + 1.0  # every process past its imports by then
    with multiprocessing.get_context("spawn").Pool(PROCESSES) as pool:
        added = pool.starmap(_open_and_add, [(postgres_schema, start)] * PROCESSES)
    assert len(set(added)) == PROCESSES and version(db, postgres_schema) == SCHEMA_VERSION
    assert db.execute(f'SELECT count(*) FROM "{postgres_schema}".events').fetchone() == (PROCESSES,)


def test_unreachable_server_raises_outbox_error_at_once_without_the_password() -> None:
    started = time.monotonic()
    with pytest.raises(OutboxError, match="unreachable") as raised:
        PostgresOutbox("postgresql://someone:secret@127.0.0.1:1/nothing", timeout=2)
    assert "secret" not in str(raised.value) and time.monotonic() - started < 5


def test_a_closed_outbox_refuses_work(postgres_schema: str) -> None:
    outbox = PostgresOutbox(POSTGRES_URL, schema=postgres_schema)
    outbox.close()
    with pytest.raises(OutboxError, match="closed"):
        outbox.add([event()])
    outbox.close()


def test_a_response_with_nul_characters_is_logged_without_them(postgres_schema: str) -> None:
    outbox = PostgresOutbox(POSTGRES_URL, schema=postgres_schema)
    try:
        outbox.subscribe(HOOK, ["*"])
        outbox.add([event()])
        (due,) = claim_all(outbox)
        assert outbox.record(due, "worker", Attempt(time.time(), 0.1, 500, "bad\x00body", "dead"))
        assert outbox.attempts(due.delivery_id)[0].response == "bad\ufffdbody"
    finally:
        outbox.close()


def test_a_failing_batch_stores_nothing_of_it(postgres_schema: str) -> None:
    outbox = PostgresOutbox(POSTGRES_URL, schema=postgres_schema)
    try:
        outbox.subscribe(HOOK, ["*"])
        kept = event()
        outbox.add([kept])
        with pytest.raises(OutboxError, match="duplicate key"):
            outbox.add([event(), event(), kept])
        assert counts(outbox.status()) == (1, 0, 0)
        assert outbox.add([event()]) == 1  # the handle is fine afterwards
    finally:
        outbox.close()
