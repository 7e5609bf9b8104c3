"""The SQLite outbox's own failure modes: locked, full, closed, options, URLs, files opened together."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
import time
import uuid
from pathlib import Path

import pytest

from generator.runtime.outbox import EventRecord, OutboxError
from generator.runtime.outbox.sqlite import SQLiteOutbox, open_sqlite

from ..support import HOOK, claim_all, counts, event

PROCESSES = 4


def test_sqlite_locked_database_raises_and_keeps_what_was_committed(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    outbox = SQLiteOutbox(path, timeout=0.2)
    outbox.subscribe(HOOK, ["*"])
    kept = event()
    outbox.add([kept])
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(OutboxError, match="locked") as raised:
            outbox.add([event()])
        assert str(path) in str(raised.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert counts(outbox.status()) == (1, 0, 0)
    assert [due.event for due in claim_all(outbox)] == [kept]
    assert outbox.add([event()]) == 1
    outbox.close()


def test_sqlite_full_database_raises_and_stores_nothing_of_the_batch(tmp_path: Path) -> None:
    path = tmp_path / "full.db"
    outbox = SQLiteOutbox(path, max_bytes=256 * 1024)
    outbox.subscribe(HOOK, ["*"])
    kept = [event() for _ in range(5)]
    outbox.add(kept)
    too_big = [EventRecord(f"msg_{uuid.uuid4().hex}", "deal.close", b"x" * 2_000, time.time()) for _ in range(500)]
    with pytest.raises(OutboxError, match="full") as raised:
        outbox.add(too_big)
    assert str(path) in str(raised.value)
    assert counts(outbox.status()) == (5, 0, 0)
    assert outbox.replay(event_id=too_big[0].id) == 0
    assert {due.event for due in claim_all(outbox)} == set(kept)
    outbox.close()


def test_sqlite_a_failing_batch_is_rolled_back_whole(tmp_path: Path) -> None:
    outbox = SQLiteOutbox(tmp_path / "atomic.db")
    outbox.subscribe(HOOK, ["*"])
    kept = event()
    outbox.add([kept])
    with pytest.raises(OutboxError, match="UNIQUE"):
        outbox.add([event(), event(), kept])  # the duplicate id comes last
    assert counts(outbox.status()) == (1, 0, 0)
    assert [due.event for due in claim_all(outbox)] == [kept]
    outbox.close()


def test_sqlite_a_closed_outbox_refuses_work(tmp_path: Path) -> None:
    outbox = SQLiteOutbox(tmp_path / "closed.db")
    outbox.close()
    with pytest.raises(OutboxError, match="closed"):
        outbox.add([event()])
    outbox.close()


def test_sqlite_options_are_validated(tmp_path: Path) -> None:
    SQLiteOutbox(tmp_path / "full-sync.db", synchronous="FULL").close()
    with pytest.raises(ValueError):
        SQLiteOutbox(tmp_path / "x.db", synchronous="OFF")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        SQLiteOutbox(":memory:")


def test_open_sqlite_accepts_relative_and_absolute_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    open_sqlite("sqlite:///relative.db").close()
    assert (tmp_path / "relative.db").exists()
    absolute = tmp_path / "sub" / "absolute.db"
    absolute.parent.mkdir()
    open_sqlite(f"sqlite:///{absolute}").close()  # sqlite:////abs/path.db
    assert absolute.exists()
    for url in ("redis://localhost/0", "sqlite://relative.db", "sqlite:///", "/tmp/x.db"):
        with pytest.raises(ValueError):
            open_sqlite(url)


def _open_at_once_and_add(path: str, start: threading.Barrier) -> str:
    start.wait(timeout=30)
    outbox = SQLiteOutbox(path)
    try:
        record = event()
        outbox.add([record])
        return record.id
    finally:
        outbox.close()


def test_processes_opening_a_new_file_at_the_same_moment_all_get_in(tmp_path: Path) -> None:
    """Switching a new file to WAL fails at once with "database is locked" while another process does it too,
    unless the switch waits like any other statement."""
    context = multiprocessing.get_context("fork")
    for round_ in range(3):
        path = str(tmp_path / f"race-{round_}.db")
        with context.Manager() as manager:
            start = manager.Barrier(PROCESSES)
            with context.Pool(PROCESSES) as pool:
                added = pool.starmap(_open_at_once_and_add, [(path, start)] * PROCESSES)
        outbox = SQLiteOutbox(path)
        assert counts(outbox.status()) == (0, 0, 0) and len(set(added)) == PROCESSES
        with sqlite3.connect(path) as db:
            assert db.execute("SELECT count(*) FROM events").fetchone() == (PROCESSES,)
        outbox.close()
