"""Seen-id stores: one suite run against the memory, SQLite and Redis stores, then each store's own cases."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import pytest
import redis

from generator.runtime.receive import dedupe
from generator.runtime.receive.dedupe import Claim
from tests.helpers import REDIS_URL, redis_client

SHORT = 0.2  # seconds: short leases and TTLs keep the expiry tests fast
A, B, C = "owner-a", "owner-b", "owner-c"  # owner tokens of three requests carrying the same webhook-id
THREADS = 16
T = TypeVar("T")
PROCESSES = 4


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
    assert store.claim("a", owner=A) is Claim.NEW
    store.complete("a")
    assert store.claim("a", owner=B) is Claim.DONE
    assert store.claim("b", owner=B) is Claim.NEW


def test_in_progress_while_held(store: dedupe.SeenStore) -> None:
    assert store.claim("a", owner=A) is Claim.NEW
    assert store.claim("a", owner=B) is Claim.IN_PROGRESS
    assert store.claim("a", owner=A) is Claim.IN_PROGRESS  # a claim is not re-entrant, not even for its owner


def test_release_makes_it_new_again(store: dedupe.SeenStore) -> None:
    assert store.claim("a", owner=A) is Claim.NEW
    store.release("a", owner=A)
    assert store.claim("a", owner=B) is Claim.NEW
    store.release("never-claimed", owner=A)
    assert store.claim("never-claimed", owner=B) is Claim.NEW


def test_release_by_the_owner_keeps_done(store: dedupe.SeenStore) -> None:
    store.claim("a", owner=A)
    store.complete("a")
    store.release("a", owner=A)
    assert store.claim("a", owner=B) is Claim.DONE


def test_release_by_another_owner_keeps_the_claim(store: dedupe.SeenStore) -> None:
    assert store.claim("a", owner=A) is Claim.NEW
    store.release("a", owner=B)
    store.release("a", owner=A + " ")  # an exact match only
    assert store.claim("a", owner=C) is Claim.IN_PROGRESS
    store.release("a", owner=A)
    assert store.claim("a", owner=C) is Claim.NEW


def test_late_release_after_a_takeover_keeps_the_new_claim(store: dedupe.SeenStore) -> None:
    """A's lease runs out mid-handler, retry B claims the id; A's failure must not hand it to a third retry C."""
    assert store.claim("a", owner=A, lease=SHORT) is Claim.NEW
    time.sleep(SHORT + 0.05)
    assert store.claim("a", owner=B) is Claim.NEW
    store.release("a", owner=A)
    assert store.claim("a", owner=C) is Claim.IN_PROGRESS
    store.release("a", owner=B)  # B fails too: now the id is free again
    assert store.claim("a", owner=C) is Claim.NEW


def test_release_twice_after_a_new_claim_keeps_it(store: dedupe.SeenStore) -> None:
    assert store.claim("a", owner=A) is Claim.NEW
    store.release("a", owner=A)
    assert store.claim("a", owner=B) is Claim.NEW
    store.release("a", owner=A)  # a repeated release of A's, after B claimed
    assert store.claim("a", owner=C) is Claim.IN_PROGRESS


def test_complete_is_not_owner_checked(store: dedupe.SeenStore) -> None:
    """A late success still marks the id handled, and the retry that took it over cannot release DONE."""
    assert store.claim("a", owner=A, lease=SHORT) is Claim.NEW
    time.sleep(SHORT + 0.05)
    assert store.claim("a", owner=B) is Claim.NEW
    store.complete("a")  # A's handler succeeded after all
    assert store.claim("a", owner=C) is Claim.DONE
    store.release("a", owner=B)
    assert store.claim("a", owner=C) is Claim.DONE


def test_lease_expiry_makes_it_new(store: dedupe.SeenStore) -> None:
    assert store.claim("a", owner=A, lease=SHORT) is Claim.NEW
    assert store.claim("a", owner=B, lease=SHORT) is Claim.IN_PROGRESS
    time.sleep(SHORT + 0.05)
    assert store.claim("a", owner=B) is Claim.NEW
    assert store.claim("a", owner=C) is Claim.IN_PROGRESS


def test_done_expires_after_ttl(store: dedupe.SeenStore) -> None:
    store.claim("a", owner=A)
    store.complete("a", ttl=SHORT)
    assert store.claim("a", owner=B) is Claim.DONE
    time.sleep(SHORT + 0.05)
    assert store.claim("a", owner=B) is Claim.NEW


@pytest.mark.parametrize("bad", [0, -1.0])
def test_non_positive_durations_rejected(store: dedupe.SeenStore, bad: float) -> None:
    with pytest.raises(ValueError, match="lease"):
        store.claim("a", owner=A, lease=bad)
    with pytest.raises(ValueError, match="ttl"):
        store.complete("a", ttl=bad)


def test_keys_and_owners_are_independent_and_arbitrary(store: dedupe.SeenStore) -> None:
    keys = ["msg_1", "msg_1 ", "", "ключ", "a'b\"c;--", "x" * 500]
    assert [store.claim(key, owner=key) for key in keys] == [Claim.NEW] * len(keys)
    assert [store.claim(key, owner=A) for key in keys] == [Claim.IN_PROGRESS] * len(keys)
    for key in keys:
        store.release(key, owner=keys[0])  # only the first key's owner
    assert [store.claim(key, owner=A) for key in keys] == [Claim.NEW] + [Claim.IN_PROGRESS] * (len(keys) - 1)


def race(claim: Callable[[int], T], workers: int = THREADS) -> list[T]:
    """`claim(n)` called by `workers` threads at once, each with its own number."""
    barrier = threading.Barrier(workers)

    def one(n: int) -> T:
        barrier.wait()
        return claim(n)

    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(one, range(workers)))


def test_concurrent_claims_give_one_new(store: dedupe.SeenStore) -> None:
    for round_ in range(3):

        def claim(n: int, key: str = f"race-{round_}") -> Claim:
            return store.claim(key, owner=f"thread-{n}")

        outcomes = race(claim)
        assert outcomes.count(Claim.NEW) == 1
        assert outcomes.count(Claim.IN_PROGRESS) == THREADS - 1


def test_concurrent_claims_after_complete_are_done(store: dedupe.SeenStore) -> None:
    store.claim("a", owner=A)
    store.complete("a")
    assert set(race(lambda n: store.claim("a", owner=f"thread-{n}"))) == {Claim.DONE}


def test_concurrent_releases_by_others_keep_the_claim(store: dedupe.SeenStore) -> None:
    assert store.claim("a", owner=A) is Claim.NEW

    def release_then_claim(n: int) -> Claim:
        store.release("a", owner=f"thread-{n}")
        return store.claim("a", owner=f"thread-{n}")

    assert set(race(release_then_claim)) == {Claim.IN_PROGRESS}
    store.release("a", owner=A)
    assert race(lambda n: store.claim("a", owner=f"thread-{n}")).count(Claim.NEW) == 1


def test_late_releases_racing_a_takeover_never_free_it(store: dedupe.SeenStore) -> None:
    """Late releases of an expired owner, at the same instant as other owners' claims: one claim wins and stays."""
    for round_ in range(10):
        key = f"takeover-{round_}"
        assert store.claim(key, owner=A, lease=0.01) is Claim.NEW
        time.sleep(0.02)

        def release_or_claim(n: int, key: str = key) -> Claim | None:
            if n % 2:
                store.release(key, owner=A)
                return None
            return store.claim(key, owner=f"thread-{n}")

        assert race(release_or_claim).count(Claim.NEW) == 1
        assert store.claim(key, owner=B) is Claim.IN_PROGRESS


def _claim_in_process(path: str, key: str, start: float) -> str:
    time.sleep(max(0.0, start - time.time()))  # line the processes up on one instant: they race to open the file too
    store = dedupe.SQLiteStore(path)
    try:
        return store.claim(key, owner=f"process-{os.getpid()}").value
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
    assert store.claim("race", owner=A) is Claim.IN_PROGRESS
    store.close()


def test_sqlite_threads_share_one_file(tmp_path: Path) -> None:
    first, second = dedupe.SQLiteStore(tmp_path / "seen.db"), dedupe.SQLiteStore(tmp_path / "seen.db")
    assert first.claim("a", owner=A) is Claim.NEW
    assert second.claim("a", owner=B) is Claim.IN_PROGRESS
    second.release("a", owner=B)
    assert second.claim("a", owner=B) is Claim.IN_PROGRESS
    first.complete("a")
    assert second.claim("a", owner=B) is Claim.DONE
    first.close()
    second.close()


def test_sqlite_purges_expired_rows(tmp_path: Path) -> None:
    path = tmp_path / "seen.db"
    store = dedupe.SQLiteStore(path)
    store.claim("old", owner=A, lease=0.01)
    time.sleep(0.02)
    fresh = dedupe.SQLiteStore(path)  # a new store purges on its first claim
    fresh.claim("new", owner=B)
    with sqlite3.connect(path) as conn:
        assert [key for (key,) in conn.execute("SELECT key FROM seen")] == ["new"]
    store.close()
    fresh.close()


# The table as the version without owner tokens made it, and that version's statements.
_OLD_SQLITE_SCHEMA = """
CREATE TABLE seen (key TEXT PRIMARY KEY, state TEXT NOT NULL, expires_at REAL NOT NULL) WITHOUT ROWID
"""
_OLD_SQLITE_CLAIM = """
INSERT INTO seen (key, state, expires_at) VALUES (?1, 'in_progress', ?2)
ON CONFLICT (key) DO UPDATE SET state = 'in_progress', expires_at = excluded.expires_at
WHERE seen.expires_at <= ?3
"""


def _old_sqlite_file(path: Path) -> None:
    """A file of the previous version: one claim held for SHORT seconds, one done, one expired claim."""
    now = time.time()
    with sqlite3.connect(path) as conn:
        conn.execute(_OLD_SQLITE_SCHEMA)
        rows = [("held", "in_progress", now + SHORT), ("handled", "done", now + 60), ("stale", "in_progress", now - 1)]
        conn.executemany("INSERT INTO seen VALUES (?, ?, ?)", rows)
    conn.close()


def test_sqlite_upgrades_a_file_without_owners(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_sqlite_file(path)
    store = dedupe.SQLiteStore(path)
    assert store.claim("handled", owner=A) is Claim.DONE
    assert store.claim("stale", owner=A) is Claim.NEW
    assert store.claim("held", owner=A) is Claim.IN_PROGRESS
    store.release("held", owner=A)  # nobody owns a claim of the previous version: it only expires
    store.release("held", owner="")
    assert store.claim("held", owner=A) is Claim.IN_PROGRESS
    time.sleep(SHORT + 0.05)
    assert store.claim("held", owner=B) is Claim.NEW
    store.release("held", owner=A)
    assert store.claim("held", owner=C) is Claim.IN_PROGRESS
    store.release("held", owner=B)
    assert store.claim("held", owner=C) is Claim.NEW
    store.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT owner FROM seen WHERE key = 'held'").fetchone() == (C,)
    conn.close()
    dedupe.SQLiteStore(path).close()  # opening an upgraded file again is a no-op


def test_sqlite_processes_upgrade_one_old_file_at_once(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_sqlite_file(path)
    context = multiprocessing.get_context("spawn")
    with context.Pool(PROCESSES) as pool:
        start = time.time() + 1.0
        outcomes = pool.starmap(_claim_in_process, [(str(path), "race", start)] * PROCESSES)
    assert sorted(outcomes) == sorted(["new"] + ["in_progress"] * (PROCESSES - 1))


def test_sqlite_previous_version_shares_an_upgraded_file(tmp_path: Path) -> None:
    path = tmp_path / "seen.db"
    store = dedupe.SQLiteStore(path)
    old = sqlite3.connect(path, isolation_level=None)
    now = time.time()
    assert old.execute(_OLD_SQLITE_CLAIM, ("old", now + 60, now)).rowcount == 1  # the previous version claims
    assert store.claim("old", owner=A) is Claim.IN_PROGRESS
    store.release("old", owner=A)
    assert store.claim("old", owner=A) is Claim.IN_PROGRESS
    assert store.claim("new", owner=A) is Claim.NEW
    assert old.execute(_OLD_SQLITE_CLAIM, ("new", now + 60, now)).rowcount == 0  # sees it held
    old.execute("INSERT OR REPLACE INTO seen (key, state, expires_at) VALUES ('done', 'done', ?)", (now + 60,))
    assert store.claim("done", owner=A) is Claim.DONE
    old.close()
    store.close()


def test_memory_store_is_bounded_evicting_oldest() -> None:
    store = dedupe.MemoryStore(max_entries=3)
    for key in "abcd":
        store.claim(key, owner=A)
    assert len(store) == 3
    assert store.claim("a", owner=B) is Claim.NEW  # the oldest was evicted
    assert store.claim("d", owner=B) is Claim.IN_PROGRESS


def test_memory_store_evicts_expired_before_oldest() -> None:
    store = dedupe.MemoryStore(max_entries=3)
    store.claim("a", owner=A)
    store.claim("b", owner=A, lease=0.01)
    store.claim("c", owner=A)
    time.sleep(0.02)
    store.claim("d", owner=A)
    assert len(store) == 3
    assert store.claim("a", owner=B) is Claim.IN_PROGRESS  # kept: the expired "b" made room


def test_memory_store_rejects_bad_bound() -> None:
    with pytest.raises(ValueError, match="max_entries"):
        dedupe.MemoryStore(max_entries=0)


def test_redis_store_keys_use_prefix_and_expire(redis_prefix: tuple[redis.Redis, str]) -> None:
    client, prefix = redis_prefix
    store = dedupe.RedisStore(prefix=prefix, client=client)
    store.claim("a", owner=A, lease=30)
    assert client.get(prefix + "a") == b"in_progress:owner-a"
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
    assert store.claim("a", owner=A) is Claim.NEW
    assert store.claim("a", owner=B) is Claim.IN_PROGRESS
    store.release("a", owner=B)
    assert store.claim("a", owner=B) is Claim.IN_PROGRESS
    store.release("a", owner=A)
    assert store.claim("a", owner=B) is Claim.NEW
    store.complete("a")
    assert store.claim("a", owner=C) is Claim.DONE
    client.close()


# The previous version's scripts, to prove that both versions can share a server.
_OLD_REDIS_CLAIM = """
if redis.call('SET', KEYS[1], 'in_progress', 'NX', 'PX', ARGV[1]) then return 'new' end
return redis.call('GET', KEYS[1])
"""
_OLD_REDIS_RELEASE = """
if redis.call('GET', KEYS[1]) == 'in_progress' then return redis.call('DEL', KEYS[1]) end
return 0
"""


def test_redis_store_reads_values_without_owners(redis_prefix: tuple[redis.Redis, str]) -> None:
    client, prefix = redis_prefix
    store = dedupe.RedisStore(prefix=prefix, client=client)
    client.set(prefix + "held", "in_progress", px=round(SHORT * 1000))
    client.set(prefix + "handled", "done", px=60_000)
    client.set(prefix + "odd", "something else", px=60_000)
    assert store.claim("handled", owner=A) is Claim.DONE
    assert store.claim("odd", owner=A) is Claim.IN_PROGRESS
    assert store.claim("held", owner=A) is Claim.IN_PROGRESS
    store.release("held", owner=A)  # nobody owns a claim of the previous version: it only expires
    store.release("held", owner="")
    assert client.get(prefix + "held") == b"in_progress"
    time.sleep(SHORT + 0.05)
    assert store.claim("held", owner=B) is Claim.NEW


def test_redis_store_shares_a_server_with_the_previous_version(redis_prefix: tuple[redis.Redis, str]) -> None:
    client, prefix = redis_prefix
    store = dedupe.RedisStore(prefix=prefix, client=client)
    old_claim, old_release = client.register_script(_OLD_REDIS_CLAIM), client.register_script(_OLD_REDIS_RELEASE)
    assert store.claim("a", owner=A) is Claim.NEW
    assert old_claim(keys=[prefix + "a"], args=[60_000]) not in (b"new", b"done")  # the old reads it as held
    old_release(keys=[prefix + "a"])  # the old release leaves a claim with an owner alone
    assert store.claim("a", owner=B) is Claim.IN_PROGRESS
    assert old_claim(keys=[prefix + "b"], args=[60_000]) == b"new"
    assert store.claim("b", owner=A) is Claim.IN_PROGRESS
    store.complete("b")
    assert old_claim(keys=[prefix + "b"], args=[60_000]) == b"done"


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
    assert store.claim(key, owner=A, lease=SHORT) is Claim.NEW
    store.release(key, owner=A)
    assert store.claim(key, owner=B, lease=SHORT) is Claim.NEW
    store.release(key, owner=B)
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
