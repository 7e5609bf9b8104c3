"""Emitting inside the application's own transaction (sync, async, SQLAlchemy): the caller's rows and the event
commit together or not at all; a worker delivers only what was committed; in-process handlers run only after the
commit, never after a rollback."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from salesman_events import DealClose, Emitter
from salesman_events._runtime.outbox import OutboxError
from tests.helpers import POSTGRES_URL, wait_until

from .conftest import Recorder

QUIET = 1.0  # seconds in which nothing must arrive (many worker polls, many NOTIFYs' worth)


class Rollback(Exception):
    """Raised in a transaction to roll it back."""


@pytest.fixture
def deals(postgres_schema: str, outbox_url: str) -> str:
    """The application's own table, beside the outbox's schema."""
    table = f'"{postgres_schema}_app".deals'
    with psycopg.connect(POSTGRES_URL, autocommit=True) as db:
        db.execute(f'CREATE SCHEMA "{postgres_schema}_app"')
        db.execute(f"CREATE TABLE {table} (id integer PRIMARY KEY)")
    yield table  # type: ignore[misc]
    with psycopg.connect(POSTGRES_URL, autocommit=True) as db:
        db.execute(f'DROP SCHEMA "{postgres_schema}_app" CASCADE')


@pytest.fixture
def emitter(outbox_url: str, receiver: Recorder) -> Iterator[Emitter]:
    """An emitter on the test's schema whose worker thread delivers to the receiver, and the handler calls it saw."""
    emitter = Emitter(outbox_url, allow=["127.0.0.0/8"])
    emitter.outbox.subscribe(receiver.url, ["deal.*"])
    emitter.handled = []  # type: ignore[attr-defined]
    emitter.on.deal_close(lambda deal: emitter.handled.append(deal.did))  # type: ignore[attr-defined]
    yield emitter
    emitter.close()


def rows(table: str) -> list[int]:
    with psycopg.connect(POSTGRES_URL) as db:
        return [n for (n,) in db.execute(f"SELECT id FROM {table} ORDER BY id")]


def test_commit_delivers_the_event_with_the_callers_rows_and_then_runs_handlers(
    emitter: Emitter, receiver: Recorder, deals: str
) -> None:
    with psycopg.connect(POSTGRES_URL) as conn:
        conn.execute(f"INSERT INTO {deals} VALUES (1)")
        event_id = emitter.deal_close(did=1, summa="10.00", connection=conn)
        time.sleep(QUIET)
        assert receiver.ids() == {} and emitter.handled == [] and rows(deals) == []  # type: ignore[attr-defined]
        assert emitter.outbox.status().pending == 0  # nobody else sees it yet
        conn.commit()
    wait_until("the delivery", lambda: receiver.ids() == {event_id: 1})
    wait_until("the handler, after the commit", lambda: emitter.handled == [1])  # type: ignore[attr-defined]
    assert rows(deals) == [1]


def test_rollback_never_delivers_and_never_runs_handlers(emitter: Emitter, receiver: Recorder, deals: str) -> None:
    with pytest.raises(Rollback), psycopg.connect(POSTGRES_URL) as conn, conn.transaction():
        conn.execute(f"INSERT INTO {deals} VALUES (2)")
        emitter.deal_close(did=2, connection=conn)
        raise Rollback
    committed = emitter.deal_close(did=3)  # through the outbox's own connection: delivered
    wait_until("the committed one delivered", lambda: receiver.ids() == {committed: 1})
    time.sleep(QUIET)
    assert receiver.ids() == {committed: 1} and emitter.handled == [3]  # type: ignore[attr-defined]
    assert rows(deals) == [] and emitter.outbox.status().pending == 0


def test_a_batch_through_the_connection_commits_with_the_callers_rows(
    emitter: Emitter, receiver: Recorder, deals: str
) -> None:
    with psycopg.connect(POSTGRES_URL) as conn:
        with conn.transaction(), emitter.batch(connection=conn):
            ids = [emitter.deal_close(did=n) for n in range(10, 15)]
            conn.execute(f"INSERT INTO {deals} SELECT generate_series(10, 14)")
            with psycopg.connect(POSTGRES_URL) as other, pytest.raises(ValueError, match="batch's connection"):
                emitter.deal_close(did=99, connection=other)
        wait_until("five deliveries", lambda: receiver.ids() == dict.fromkeys(ids, 1))
        wait_until("five handler calls", lambda: sorted(emitter.handled) == list(range(10, 15)))  # type: ignore[attr-defined]
        with pytest.raises(Rollback), conn.transaction(), emitter.batch(connection=conn):
            emitter.deal_close(did=20)
            raise Rollback  # the batch stores nothing: the events never reach the connection
    assert rows(deals) == list(range(10, 15))


def test_an_autocommit_connection_commits_the_event_at_once_and_runs_handlers_before_returning(
    emitter: Emitter, receiver: Recorder
) -> None:
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        event_id = emitter.deal_close(did=4, connection=conn)
        assert emitter.handled == [4]  # type: ignore[attr-defined]
    wait_until("the delivery", lambda: receiver.ids() == {event_id: 1})


def test_async_connection_commit_and_rollback(emitter: Emitter, receiver: Recorder, deals: str) -> None:
    async def main() -> tuple[str, list[str]]:
        async with await psycopg.AsyncConnection.connect(POSTGRES_URL) as conn:
            async with conn.transaction():
                await conn.execute(f"INSERT INTO {deals} VALUES (5)")
                single = await emitter.emit_async(DealClose(did=5), connection=conn)
                assert emitter.handled == []  # type: ignore[attr-defined]
            with pytest.raises(Rollback):
                async with conn.transaction():
                    await conn.execute(f"INSERT INTO {deals} VALUES (6)")
                    await emitter.emit_async(DealClose(did=6), connection=conn)
                    raise Rollback
            async with conn.transaction(), emitter.batch_async(connection=conn):
                batched = [emitter.deal_close(did=n) for n in (7, 8)]
                await conn.execute(f"INSERT INTO {deals} VALUES (7), (8)")
        return single, batched

    single, batched = asyncio.run(main())
    wait_until("three deliveries", lambda: receiver.ids() == dict.fromkeys([single, *batched], 1))
    wait_until("three handler calls", lambda: sorted(emitter.handled) == [5, 7, 8])  # type: ignore[attr-defined]
    time.sleep(QUIET)
    assert len(receiver.ids()) == 3 and rows(deals) == [5, 7, 8]


def test_sqlalchemy_session_connection(emitter: Emitter, receiver: Recorder, deals: str) -> None:
    engine = create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with Session(engine) as session:
            session.execute(text(f"INSERT INTO {deals} VALUES (9)"))
            conn = session.connection().connection.driver_connection  # the psycopg connection under the session
            event_id = emitter.deal_close(did=9, connection=conn)
            session.commit()
        with Session(engine) as session:
            session.execute(text(f"INSERT INTO {deals} VALUES (10)"))
            emitter.deal_close(did=10, connection=session.connection().connection.driver_connection)
            session.rollback()
    finally:
        engine.dispose()
    wait_until("the committed one delivered", lambda: receiver.ids() == {event_id: 1})
    time.sleep(QUIET)
    assert receiver.ids() == {event_id: 1} and rows(deals) == [9]
    assert emitter.handled == [9]  # type: ignore[attr-defined]


def test_errors_say_what_is_wrong(emitter: Emitter, tmp_path: Path) -> None:
    local = Emitter(f"sqlite:///{tmp_path / 'o.db'}", deliver=False)
    with psycopg.connect(POSTGRES_URL) as conn:
        with pytest.raises(TypeError, match="PostgreSQL"):
            local.deal_close(did=1, connection=conn)
        conn.close()
        with pytest.raises(OutboxError, match="closed"):
            emitter.deal_close(did=1, connection=conn)
    local.close()
