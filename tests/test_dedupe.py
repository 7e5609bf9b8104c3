"""Seen-id stores: one suite run against the memory, SQLite and Redis stores."""

from __future__ import annotations

import functools
import multiprocessing
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis
from conftest import REDIS_URL, delete_prefix, redis_client

from generator.runtime import dedupe
from generator.runtime.dedupe import Claim

SHORT = 0.2  # seconds: short leases and TTLs keep the expiry tests fast
THREADS = 16
PROCESSES = 4


@pytest.fixture
def redis_prefix() -> Iterator[tuple[redis.Redis, str]]:
    """A client and a key prefix unique to the test; its keys are deleted afterwards."""
    client = redis_client()
    prefix = f"salesman-events-test:{uuid.uuid4().hex}:"
    yield client, prefix
    delete_prefix(client, prefix)
    client.close()


@pytest.fixture
def redis_store(redis_prefix: tuple[redis.Redis, str]) -> dedupe.RedisStore:
    client, prefix = redis_prefix
    return dedupe.RedisStore(prefix=prefix, client=client)


@pytest.fixture(params=["memory", "sqlite", "redis"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dedupe.SeenStore]:
    if request.param == "memory":
        made: dedupe.SeenStore = dedupe.MemoryStore()
    elif request.param == "sqlite":
        made = dedupe.SQLiteStore(tmp_path / "seen.db")
    else:
        made = request.getfixturevalue("redis_store")
    yield made
    made.close()


def test_new_then_done_after_complete(store: dedupe.SeenStore) -> None:
    assert store.claim("a") is Claim.NEW
    store.complete("a")
    assert store.claim("a") is Claim.DONE
    assert store.claim("b") is Claim.NEW


def test_in_progress_while_held(store: dedupe.SeenStore) -> None:
    assert store.claim("a") is Claim.NEW
    assert store.claim("a") is Claim.IN_PROGRESS
    assert store.claim("a") is Claim.IN_PROGRESS


def test_release_makes_it_new_again(store: dedupe.SeenStore) -> None:
    assert store.claim("a") is Claim.NEW
    store.release("a")
    assert store.claim("a") is Claim.NEW
    store.release("never-claimed")


def test_release_keeps_done(store: dedupe.SeenStore) -> None:
    store.claim("a")
    store.complete("a")
    store.release("a")
    assert store.claim("a") is Claim.DONE


def test_lease_expiry_makes_it_new(store: dedupe.SeenStore) -> None:
    assert store.claim("a", lease=SHORT) is Claim.NEW
    assert store.claim("a", lease=SHORT) is Claim.IN_PROGRESS
    time.sleep(SHORT + 0.05)
    assert store.claim("a") is Claim.NEW
    assert store.claim("a") is Claim.IN_PROGRESS


def test_done_expires_after_ttl(store: dedupe.SeenStore) -> None:
    store.claim("a")
    store.complete("a", ttl=SHORT)
    assert store.claim("a") is Claim.DONE
    time.sleep(SHORT + 0.05)
    assert store.claim("a") is Claim.NEW


@pytest.mark.parametrize("bad", [0, -1.0])
def test_non_positive_durations_rejected(store: dedupe.SeenStore, bad: float) -> None:
    with pytest.raises(ValueError, match="lease"):
        store.claim("a", lease=bad)
    with pytest.raises(ValueError, match="ttl"):
        store.complete("a", ttl=bad)


def test_keys_are_independent_and_arbitrary(store: dedupe.SeenStore) -> None:
    keys = ["msg_1", "msg_1 ", "", "ключ", "a'b\"c;--", "x" * 500]
    assert [store.claim(key) for key in keys] == [Claim.NEW] * len(keys)
    assert [store.claim(key) for key in keys] == [Claim.IN_PROGRESS] * len(keys)


def race(claim: Callable[[], Claim], workers: int = THREADS) -> list[Claim]:
    barrier = threading.Barrier(workers)

    def one() -> Claim:
        barrier.wait()
        return claim()

    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda _: one(), range(workers)))


def test_concurrent_claims_give_one_new(store: dedupe.SeenStore) -> None:
    for round_ in range(3):
        outcomes = race(functools.partial(store.claim, f"race-{round_}"))
        assert outcomes.count(Claim.NEW) == 1
        assert outcomes.count(Claim.IN_PROGRESS) == THREADS - 1


def test_concurrent_claims_after_complete_are_done(store: dedupe.SeenStore) -> None:
    store.claim("a")
    store.complete("a")
    assert set(race(lambda: store.claim("a"))) == {Claim.DONE}


def _claim_in_process(path: str, key: str, start: float) -> str:
    time.sleep(max(0.0, start - time.time()))  # line the processes up on one instant: they race to open the file too
    store = dedupe.SQLiteStore(path)
    try:
        return store.claim(key).value
    finally:
        store.close()


def test_sqlite_processes_race_on_one_file(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.db")  # a fresh file: the processes also race to create the table
    context = multiprocessing.get_context("spawn")
    with context.Pool(PROCESSES) as pool:
        start = time.time() + 1.0
        outcomes = pool.starmap(_claim_in_process, [(path, "race", start)] * PROCESSES)
    assert sorted(outcomes) == sorted(["new"] + ["in_progress"] * (PROCESSES - 1))
    store = dedupe.SQLiteStore(path)
    assert store.claim("race") is Claim.IN_PROGRESS
    store.close()


def test_sqlite_threads_share_one_file(tmp_path: Path) -> None:
    first, second = dedupe.SQLiteStore(tmp_path / "seen.db"), dedupe.SQLiteStore(tmp_path / "seen.db")
    assert first.claim("a") is Claim.NEW
    assert second.claim("a") is Claim.IN_PROGRESS
    first.complete("a")
    assert second.claim("a") is Claim.DONE
    first.close()
    second.close()


def test_sqlite_purges_expired_rows(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "seen.db"
    store = dedupe.SQLiteStore(path)
    store.claim("old", lease=0.01)
    time.sleep(0.02)
    fresh = dedupe.SQLiteStore(path)  # a new store purges on its first claim
    fresh.claim("new")
    with sqlite3.connect(path) as conn:
        assert [key for (key,) in conn.execute("SELECT key FROM seen")] == ["new"]
    store.close()
    fresh.close()


def test_memory_store_is_bounded_evicting_oldest() -> None:
    store = dedupe.MemoryStore(max_entries=3)
    for key in "abcd":
        store.claim(key)
    assert len(store) == 3
    assert store.claim("a") is Claim.NEW  # the oldest was evicted
    assert store.claim("d") is Claim.IN_PROGRESS


def test_memory_store_evicts_expired_before_oldest() -> None:
    store = dedupe.MemoryStore(max_entries=3)
    store.claim("a")
    store.claim("b", lease=0.01)
    store.claim("c")
    time.sleep(0.02)
    store.claim("d")
    assert len(store) == 3
    assert store.claim("a") is Claim.IN_PROGRESS  # kept: the expired "b" made room


def test_memory_store_rejects_bad_bound() -> None:
    with pytest.raises(ValueError, match="max_entries"):
        dedupe.MemoryStore(max_entries=0)


def test_redis_store_keys_use_prefix_and_expire(redis_prefix: tuple[redis.Redis, str]) -> None:
    client, prefix = redis_prefix
    store = dedupe.RedisStore(prefix=prefix, client=client)
    store.claim("a", lease=30)
    assert client.get(prefix + "a") == b"in_progress"
    assert 0 < client.pttl(prefix + "a") <= 30_000
    store.complete("a", ttl=60)
    assert client.get(prefix + "a") == b"done"
    assert 30_000 < client.pttl(prefix + "a") <= 60_000
    store.close()
    assert client.ping()  # a client passed in stays open


def test_redis_store_with_decoded_responses(redis_prefix: tuple[redis.Redis, str]) -> None:
    _, prefix = redis_prefix
    client = redis.Redis.from_url(REDIS_URL, decode_responses=True)
    store = dedupe.RedisStore(prefix=prefix, client=client)
    assert store.claim("a") is Claim.NEW
    assert store.claim("a") is Claim.IN_PROGRESS
    store.complete("a")
    assert store.claim("a") is Claim.DONE
    client.close()


def test_open_store_memory() -> None:
    assert isinstance(dedupe.open_store("memory://"), dedupe.MemoryStore)


def test_open_store_sqlite_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    absolute = tmp_path / "abs.db"
    dedupe.open_store(f"sqlite:///{absolute}").close()  # an absolute path gives four slashes
    assert absolute.exists()
    monkeypatch.chdir(tmp_path)
    dedupe.open_store("sqlite:///relative.db").close()
    assert (tmp_path / "relative.db").exists()


def test_open_store_redis() -> None:
    redis_client().close()
    store = dedupe.open_store(REDIS_URL)
    assert isinstance(store, dedupe.RedisStore)
    key = f"open-store-{uuid.uuid4().hex}"
    assert store.claim(key, lease=SHORT) is Claim.NEW
    store.release(key)
    store.close()


def test_open_store_rediss_is_accepted_without_connecting() -> None:
    store = dedupe.open_store("rediss://cache.example:6380/2")  # connections are opened lazily
    assert isinstance(store, dedupe.RedisStore)
    store.close()


@pytest.mark.parametrize(
    "url",
    ["", "memory", "memory://x", "sqlite://relative.db", "sqlite:///", "sqlite:///a.db?mode=ro", "redis://",
     "postgres://h/db", "/tmp/seen.db", "file:///tmp/seen.db"],
)  # fmt: skip
def test_open_store_rejects_bad_urls(url: str) -> None:
    with pytest.raises(ValueError, match="store URL") as caught:
        dedupe.open_store(url)
    assert repr(url) in str(caught.value)
