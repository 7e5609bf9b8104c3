"""Seen-id stores: receivers dedupe deliveries on `webhook-id`.

A receiver claims an id before running its handler, completes it afterwards, or releases it when the
handler fails so that the sender's retry runs it again. Concurrent duplicates see IN_PROGRESS while the
claim is held; an in-flight claim expires after its lease in case the process dies mid-handler.

Each claim carries an owner token, unique per claiming request, and only that owner can release it: a handler
that outlives its lease may find the id claimed again by a retry, and its late release must not delete the
retry's claim (a third delivery would then run concurrently with the second).
"""

from __future__ import annotations

import enum
import os
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final, Protocol, TypeVar
from urllib.parse import urlsplit

from .sqlite_wal import use_wal

if TYPE_CHECKING:
    import redis

__all__ = [
    "DEFAULT_LEASE_SECONDS",
    "DEFAULT_MAX_ENTRIES",
    "DEFAULT_REDIS_PREFIX",
    "DEFAULT_REDIS_URL",
    "DEFAULT_TTL_SECONDS",
    "Claim",
    "MemoryStore",
    "RedisStore",
    "SQLiteStore",
    "SeenStore",
    "open_store",
]

DEFAULT_LEASE_SECONDS: Final = 60.0
DEFAULT_TTL_SECONDS: Final = 24 * 3600.0
DEFAULT_MAX_ENTRIES: Final = 100_000
DEFAULT_REDIS_URL: Final = "redis://127.0.0.1:6379/0"
DEFAULT_REDIS_PREFIX: Final = "salesman-events:seen:"
SQLITE_BUSY_TIMEOUT_SECONDS: Final = 10.0
PURGE_INTERVAL_SECONDS: Final = 60.0
_T = TypeVar("_T")


class Claim(enum.Enum):
    """The outcome of claiming an id."""

    NEW = "new"  # not seen before (or forgotten): the caller now holds it and must complete or release it
    IN_PROGRESS = "in_progress"  # another caller holds an unexpired lease
    DONE = "done"  # already handled


class SeenStore(Protocol):
    """Remembers which webhook ids were handled.

    `owner` is an opaque token that the caller makes unique per claim (per request, across every process that
    shares the store); it is what `release` checks.
    """

    def claim(self, key: str, *, owner: str, lease: float = DEFAULT_LEASE_SECONDS) -> Claim:
        """Atomically claim `key` for `owner` for `lease` seconds, unless it is held (unexpired) or done."""

    def complete(self, key: str, *, ttl: float = DEFAULT_TTL_SECONDS) -> None:
        """Mark `key` as handled for `ttl` seconds, whoever holds it now.

        Deliberately not owner-checked: the handler succeeded, so the event was handled even if its lease ran out
        and a retry holds the claim by now. Refusing to mark it DONE would only let later retries run it once more;
        a retry still running completes it again (or its release is a no-op, as the key is no longer in flight).
        """

    def release(self, key: str, *, owner: str) -> None:
        """Forget `key`'s in-flight claim if `owner` still holds it, so that a retry is NEW.

        A no-op for a completed key (it stays DONE), for a claim taken over by someone else after this owner's lease
        expired, and for an unknown key.
        """

    def close(self) -> None:
        """Release the store's resources."""


def _positive(seconds: float, what: str) -> float:
    if not seconds > 0:
        raise ValueError(f"{what} must be positive, got {seconds!r}")
    return seconds


class MemoryStore:
    """An in-process store: thread-safe, bounded, forgotten on exit."""

    def __init__(self, *, max_entries: int = DEFAULT_MAX_ENTRIES) -> None:
        if max_entries < 1:
            raise ValueError(f"max_entries must be at least 1, got {max_entries!r}")
        self._max_entries = max_entries
        # key -> (state, expires_at, owner: None when done); oldest write first
        self._entries: OrderedDict[str, tuple[Claim, float, str | None]] = OrderedDict()
        self._lock = threading.Lock()
        self._last_purge = -PURGE_INTERVAL_SECONDS

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def claim(self, key: str, *, owner: str, lease: float = DEFAULT_LEASE_SECONDS) -> Claim:
        _positive(lease, "lease")
        with self._lock:
            now = time.monotonic()
            entry = self._entries.get(key)
            if entry is not None and entry[1] > now:
                return entry[0]
            self._put(key, Claim.IN_PROGRESS, now + lease, owner)
            return Claim.NEW

    def complete(self, key: str, *, ttl: float = DEFAULT_TTL_SECONDS) -> None:
        """Mark `key` as handled, whoever holds it (see `SeenStore.complete`)."""
        _positive(ttl, "ttl")
        with self._lock:
            self._put(key, Claim.DONE, time.monotonic() + ttl, None)

    def release(self, key: str, *, owner: str) -> None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] is Claim.IN_PROGRESS and entry[2] == owner:
                del self._entries[key]

    def close(self) -> None:
        """Forget everything."""
        with self._lock:
            self._entries.clear()

    def _put(self, key: str, state: Claim, expires_at: float, owner: str | None) -> None:
        self._entries[key] = (state, expires_at, owner)
        self._entries.move_to_end(key)
        if len(self._entries) > self._max_entries:
            self._evict()

    def _evict(self) -> None:
        now = time.monotonic()
        # Scanning for expired entries is O(n), so a full store does it at most once per interval.
        if now - self._last_purge >= PURGE_INTERVAL_SECONDS:
            self._last_purge = now
            for key in [key for key, (_, expires_at, _) in self._entries.items() if expires_at <= now]:
                del self._entries[key]
        while len(self._entries) > self._max_entries:
            self._entries.popitem(last=False)


# `owner` is NULL for done rows, and for in-flight rows written before claims had owners (nobody can release
# those: they expire with their lease).
_SQLITE_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS seen (
    key TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    expires_at REAL NOT NULL,
    owner TEXT
) WITHOUT ROWID
"""
_SQLITE_COLUMNS: Final = "SELECT name FROM pragma_table_info('seen')"
_SQLITE_ADD_OWNER: Final = "ALTER TABLE seen ADD COLUMN owner TEXT"  # a file made by the version without owners
# The WHERE makes the upsert a no-op while an unexpired row exists; rowcount then tells the outcome.
_SQLITE_CLAIM: Final = """
INSERT INTO seen (key, state, expires_at, owner) VALUES (?1, 'in_progress', ?2, ?4)
ON CONFLICT (key) DO UPDATE SET state = 'in_progress', expires_at = excluded.expires_at, owner = excluded.owner
WHERE seen.expires_at <= ?3
"""
_SQLITE_COMPLETE: Final = "INSERT OR REPLACE INTO seen (key, state, expires_at, owner) VALUES (?, 'done', ?, NULL)"
_SQLITE_RELEASE: Final = "DELETE FROM seen WHERE key = ? AND state = 'in_progress' AND owner = ?"
_SQLITE_STATE: Final = "SELECT state FROM seen WHERE key = ?"
_SQLITE_PURGE: Final = "DELETE FROM seen WHERE expires_at <= ?"


class SQLiteStore:
    """A store in a SQLite file, shared by the threads and processes that open the same path."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self._conn = sqlite3.connect(
            path, timeout=SQLITE_BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
        )
        self._lock = threading.Lock()
        self._last_purge = -PURGE_INTERVAL_SECONDS
        with self._lock:
            use_wal(self._conn, SQLITE_BUSY_TIMEOUT_SECONDS)
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._transaction(self._create_or_upgrade)

    def claim(self, key: str, *, owner: str, lease: float = DEFAULT_LEASE_SECONDS) -> Claim:
        _positive(lease, "lease")
        with self._lock:
            self._maybe_purge()
            return self._transaction(lambda: self._claim_in_transaction(key, owner, lease))

    def complete(self, key: str, *, ttl: float = DEFAULT_TTL_SECONDS) -> None:
        """Mark `key` as handled, whoever holds it (see `SeenStore.complete`)."""
        _positive(ttl, "ttl")
        with self._lock:
            self._conn.execute(_SQLITE_COMPLETE, (key, time.time() + ttl))

    def release(self, key: str, *, owner: str) -> None:
        with self._lock:
            self._conn.execute(_SQLITE_RELEASE, (key, owner))

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()

    def _transaction(self, body: Callable[[], _T]) -> _T:
        """`body` in a write transaction (taken up front, so that concurrent writers queue instead of deadlocking)."""
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            result = body()
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")
        return result

    def _create_or_upgrade(self) -> None:
        self._conn.execute(_SQLITE_SCHEMA)
        if "owner" not in {name for (name,) in self._conn.execute(_SQLITE_COLUMNS)}:
            self._conn.execute(_SQLITE_ADD_OWNER)

    def _claim_in_transaction(self, key: str, owner: str, lease: float) -> Claim:
        now = time.time()  # wall clock, not monotonic: other processes compare against the same rows
        if self._conn.execute(_SQLITE_CLAIM, (key, now + lease, now, owner)).rowcount == 1:
            return Claim.NEW
        (state,) = self._conn.execute(_SQLITE_STATE, (key,)).fetchone()
        return Claim(state)

    def _maybe_purge(self) -> None:
        if time.monotonic() - self._last_purge >= PURGE_INTERVAL_SECONDS:
            self._last_purge = time.monotonic()
            self._conn.execute(_SQLITE_PURGE, (time.time(),))


# A key's value is `done`, or `in_progress:<owner>` while claimed (plain `in_progress` from the version without
# owners: nobody can release it, it expires with its lease). The previous version reads any value other than
# `done` as in progress, and its release deletes only a plain `in_progress`, so the two can share a server.
# One round trip each; keys that exist have no expired state, since Redis expires them itself.
_REDIS_IN_PROGRESS: Final = Claim.IN_PROGRESS.value + ":"
_REDIS_CLAIM: Final = """
if redis.call('SET', KEYS[1], ARGV[2], 'NX', 'PX', ARGV[1]) then return 'new' end
if redis.call('GET', KEYS[1]) == 'done' then return 'done' end
return 'in_progress'
"""
_REDIS_RELEASE: Final = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""

_REDIS_OUTCOMES: Final = {"new": Claim.NEW, Claim.IN_PROGRESS.value: Claim.IN_PROGRESS, Claim.DONE.value: Claim.DONE}


def _millis(seconds: float, what: str) -> int:
    return max(1, round(_positive(seconds, what) * 1000))


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class RedisStore:
    """A store in Redis, shared by every receiver that uses the same server and prefix."""

    def __init__(
        self,
        url: str = DEFAULT_REDIS_URL,
        *,
        prefix: str = DEFAULT_REDIS_PREFIX,
        client: redis.Redis | None = None,
    ) -> None:
        self._owns_client = client is None
        if client is None:
            import redis

            client = redis.Redis.from_url(url)
        self._client = client
        self._prefix = prefix
        self._claim = client.register_script(_REDIS_CLAIM)
        self._release = client.register_script(_REDIS_RELEASE)

    def claim(self, key: str, *, owner: str, lease: float = DEFAULT_LEASE_SECONDS) -> Claim:
        args: list[int | str] = [_millis(lease, "lease"), _REDIS_IN_PROGRESS + owner]
        state = _text(self._claim(keys=[self._prefix + key], args=args))
        return _REDIS_OUTCOMES.get(state, Claim.IN_PROGRESS)

    def complete(self, key: str, *, ttl: float = DEFAULT_TTL_SECONDS) -> None:
        """Mark `key` as handled, whoever holds it (see `SeenStore.complete`)."""
        self._client.set(self._prefix + key, Claim.DONE.value, px=_millis(ttl, "ttl"))

    def release(self, key: str, *, owner: str) -> None:
        """Delete the key if it still reads `in_progress:<owner>`: compare and delete in one atomic script."""
        self._release(keys=[self._prefix + key], args=[_REDIS_IN_PROGRESS + owner])

    def close(self) -> None:
        """Close the connection pool, unless the client was passed in."""
        if self._owns_client:
            self._client.close()


_REDIS_SCHEMES: Final = frozenset({"redis", "rediss"})


def _sqlite_path(url: str, netloc: str, path: str) -> str:
    """`sqlite:///relative.db` is relative to the working directory, `sqlite:////abs/path.db` absolute."""
    if netloc or len(path) < 2:
        raise ValueError(f"bad seen-id store URL {url!r}: expected sqlite:///relative.db or sqlite:////abs/path.db")
    return path[1:]


def open_store(url: str) -> SeenStore:
    """A store from a URL: `memory://`, `sqlite:///relative.db`, `sqlite:////abs/path.db` or `redis://host:port/db`."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "memory" and url.lower() == "memory://":
        return MemoryStore()
    if scheme == "sqlite" and not parts.query and not parts.fragment:
        return SQLiteStore(_sqlite_path(url, parts.netloc, parts.path))
    if scheme in _REDIS_SCHEMES and parts.netloc:
        return RedisStore(url)
    raise ValueError(f"unsupported seen-id store URL {url!r}: use memory://, sqlite:///path.db or redis://host:port/db")
