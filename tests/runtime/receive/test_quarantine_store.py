"""Quarantine stores: one suite run against the memory, SQLite and Redis stores, then the bound and reopening."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.runtime.receive.quarantine import (
    KeptRequest,
    MemoryQuarantine,
    QuarantineStore,
    RedisQuarantine,
    SQLiteQuarantine,
    open_quarantine,
)
from generator.runtime.receive.quarantine.store import new_kept_id
from tests.helpers import REDIS_URL

STORES = ("memory", "sqlite", "redis")


def kept(event: str = "deal.close", *, at: float | None = None, body: bytes = b'{"did":"x"}') -> KeptRequest:
    return KeptRequest(
        id=new_kept_id(),
        received_at=time.time() if at is None else at,
        reason="validation_failed",
        detail='[{"loc": "did"}]',
        event=event,
        method="POST",
        path="/hook",
        query=b"a=1&b[]=%D0%96",
        headers=(("content-type", "application/json"), ("webhook-id", "msg_1")),
        body=body,
    )


def make(kind: str, where: Path | str, max_entries: int = 100) -> QuarantineStore:
    if kind == "memory":
        return MemoryQuarantine(max_entries=max_entries)
    if kind == "sqlite":
        return SQLiteQuarantine(Path(where) / "quarantine.db", max_entries=max_entries)
    return RedisQuarantine(REDIS_URL, prefix=str(where), max_entries=max_entries)


@pytest.fixture(params=STORES)
def place(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, Path | str]:
    """(kind, where its data lives): a folder, or a Redis key prefix deleted afterwards."""
    kind: str = request.param
    if kind != "redis":
        return kind, tmp_path
    _, prefix = request.getfixturevalue("redis_prefix")
    return kind, prefix


@pytest.fixture
def store(place: tuple[str, Path | str]) -> Iterator[QuarantineStore]:
    made = make(*place)
    yield made
    made.close()


def test_a_kept_request_comes_back_whole(store: QuarantineStore) -> None:
    one = kept(body=b"\xff\x00 not even UTF-8")
    assert store.keep(one) is True
    assert store.get(one.id) == one
    assert store.get("q_missing") is None
    assert store.count() == 1


def test_find_filters_by_event_and_time_oldest_first(store: QuarantineStore) -> None:
    now = time.time()
    late, early, other = kept(at=now), kept(at=now - 60), kept("lead.add", at=now - 30)
    for item in (late, early, other):
        assert store.keep(item)
    assert [k.id for k in store.find()] == [early.id, other.id, late.id]
    assert [k.id for k in store.find(event="deal.close")] == [early.id, late.id]
    assert [k.id for k in store.find(since=now - 30)] == [other.id, late.id]
    assert [k.id for k in store.find(limit=2)] == [early.id, other.id]
    assert store.find(event="task.add") == []


def test_update_and_remove(store: QuarantineStore) -> None:
    one, two = kept(), kept()
    store.keep(one)
    store.keep(two)
    store.update(one.id, "unknown_event", '"no event"')
    assert store.get(one.id) == dataclasses.replace(one, reason="unknown_event", detail='"no event"')
    store.update("q_missing", "x", "null")  # nothing to update: no error, nothing made
    store.remove(two.id)
    store.remove(two.id)
    assert [k.id for k in store.find()] == [one.id] and store.count() == 1


def test_a_full_store_keeps_nothing_more_until_one_leaves(place: tuple[str, Path | str]) -> None:
    store = make(*place, max_entries=3)
    try:
        first, *rest = [kept() for _ in range(3)]
        assert all(store.keep(item) for item in (first, *rest))
        refused = kept()
        assert store.keep(refused) is False
        assert store.get(refused.id) is None and store.count() == 3
        store.remove(first.id)
        assert store.keep(refused) is True and store.count() == 3
    finally:
        store.close()


@pytest.mark.parametrize("place", ["sqlite", "redis"], indirect=True)  # memory is forgotten by design
def test_what_is_kept_outlives_the_handle(place: tuple[str, Path | str]) -> None:
    kind, where = place
    first = make(kind, where)
    one = kept()
    first.keep(one)
    first.close()
    second = make(kind, where)
    try:
        assert second.get(one.id) == one
    finally:
        second.close()


def test_bad_bounds_are_refused(tmp_path: Path) -> None:
    for make_store in (
        lambda: MemoryQuarantine(max_entries=0),
        lambda: SQLiteQuarantine(tmp_path / "q.db", max_entries=0),
    ):
        with pytest.raises(ValueError, match="max_entries"):
            make_store()


def test_stores_by_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(open_quarantine("memory://"), MemoryQuarantine)
    monkeypatch.chdir(tmp_path)
    open_quarantine("sqlite:///q.db").close()
    assert (tmp_path / "q.db").exists()
    open_quarantine(f"sqlite:///{tmp_path / 'abs.db'}").close()
    assert (tmp_path / "abs.db").exists()
    assert isinstance(open_quarantine("redis://127.0.0.1:6379/0"), RedisQuarantine)  # connects lazily
    for bad in ("postgres://x", "sqlite://host/q.db", "memory://x", ""):
        with pytest.raises(ValueError, match="quarantine URL"):
            open_quarantine(bad)
