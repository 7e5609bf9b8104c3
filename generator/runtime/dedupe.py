"""Seen-id stores: receivers dedupe deliveries on `webhook-id`.

A receiver claims an id before running its handler, completes it afterwards, or releases it when the
handler fails so that the sender's retry runs it again. Concurrent duplicates see IN_PROGRESS while the
claim is held; an in-flight claim expires after its lease in case the process dies mid-handler.
"""

from __future__ import annotations

import enum
import os
import sqlite3
import threading
import time
from collections import OrderedDict
from typing import TYPE_CHECKING, Any, Final, Protocol
from urllib.parse import urlsplit

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


class Claim(enum.Enum):
    """The outcome of claiming an id."""

    NEW = "new"  # not seen before (or forgotten): the caller now holds it and must complete or release it
    IN_PROGRESS = "in_progress"  # another caller holds an unexpired lease
    DONE = "done"  # already handled


class SeenStore(Protocol):
    """Remembers which webhook ids were handled."""

    def claim(self, key: str, *, lease: float = DEFAULT_LEASE_SECONDS) -> Claim:
        """Atomically claim `key` for `lease` seconds, unless it is held or done."""

    def complete(self, key: str, *, ttl: float = DEFAULT_TTL_SECONDS) -> None:
        """Mark `key` as handled for `ttl` seconds."""

    def release(self, key: str) -> None:
        """Forget an in-flight claim so that a retry is NEW; a completed key stays DONE."""

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
        self._entries: OrderedDict[str, tuple[Claim, float]] = OrderedDict()  # oldest write first
        self._lock = threading.Lock()
        self._last_purge = -PURGE_INTERVAL_SECONDS

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def claim(self, key: str, *, lease: float = DEFAULT_LEASE_SECONDS) -> Claim:
        _positive(lease, "lease")
        with self._lock:
            now = time.monotonic()
            entry = self._entries.get(key)
            if entry is not None and entry[1] > now:
                return entry[0]
            self._put(key, Claim.IN_PROGRESS, now + lease)
            return Claim.NEW

    def complete(self, key: str, *, ttl: float = DEFAULT_TTL_SECONDS) -> None:
        _positive(ttl, "ttl")
        with self._lock:
            self._put(key, Claim.DONE, time.monotonic() + ttl)

    def release(self, key: str) -> None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] is Claim.IN_PROGRESS:
                del self._entries[key]

    def close(self) -> None:
        """Forget everything."""
        with self._lock:
            self._entries.clear()

    def _put(self, key: str, state: Claim, expires_at: float) -> None:
        self._entries[key] = (state, expires_at)
        self._entries.move_to_end(key)
        if len(self._entries) > self._max_entries:
            self._evict()

    def _evict(self) -> None:
        now = time.monotonic()
        # Scanning for expired entries is O(n), so a full store does it at most once per interval.
        if now - self._last_purge >= PURGE_INTERVAL_SECONDS:
            self._last_purge = now
            for key in [key for key, (_, expires_at) in self._entries.items() if expires_at <= now]:
                del self._entries[key]
        while len(self._entries) > self._max_entries:
            self._entries.popitem(last=False)


_SQLITE_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS seen (
    key TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    expires_at REAL NOT NULL
) WITHOUT ROWID
"""
# The WHERE makes the upsert a no-op while an unexpired row exists; rowcount then tells the outcome.
_SQLITE_CLAIM: Final = """
INSERT INTO seen (key, state, expires_at) VALUES (?1, 'in_progress', ?2)
ON CONFLICT (key) DO UPDATE SET state = 'in_progress', expires_at = excluded.expires_at
WHERE seen.expires_at <= ?3
"""
_SQLITE_COMPLETE: Final = "INSERT OR REPLACE INTO seen (key, state, expires_at) VALUES (?, 'done', ?)"
_SQLITE_RELEASE: Final = "DELETE FROM seen WHERE key = ? AND state = 'in_progress'"
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
            self._use_wal()
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute(_SQLITE_SCHEMA)

    def claim(self, key: str, *, lease: float = DEFAULT_LEASE_SECONDS) -> Claim:
        _positive(lease, "lease")
        with self._lock:
            self._maybe_purge()
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                outcome = self._claim_in_transaction(key, lease)
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
            return outcome

    def complete(self, key: str, *, ttl: float = DEFAULT_TTL_SECONDS) -> None:
        _positive(ttl, "ttl")
        with self._lock:
            self._conn.execute(_SQLITE_COMPLETE, (key, time.time() + ttl))

    def release(self, key: str) -> None:
        with self._lock:
            self._conn.execute(_SQLITE_RELEASE, (key,))

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()

    def _use_wal(self) -> None:
        """Switch to WAL, waiting like any other statement: SQLite answers "database is locked" at once, without its
        busy timeout, when several processes open a new file together."""
        deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_SECONDS
        while True:
            try:
                self._conn.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as error:
                if error.sqlite_errorcode != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                    raise
            time.sleep(0.01)

    def _claim_in_transaction(self, key: str, lease: float) -> Claim:
        now = time.time()  # wall clock, not monotonic: other processes compare against the same rows
        if self._conn.execute(_SQLITE_CLAIM, (key, now + lease, now)).rowcount == 1:
            return Claim.NEW
        (state,) = self._conn.execute(_SQLITE_STATE, (key,)).fetchone()
        return Claim(state)

    def _maybe_purge(self) -> None:
        if time.monotonic() - self._last_purge >= PURGE_INTERVAL_SECONDS:
            self._last_purge = time.monotonic()
            self._conn.execute(_SQLITE_PURGE, (time.time(),))


# One round trip each; keys that exist have no expired state, since Redis expires them itself.
_REDIS_CLAIM: Final = """
if redis.call('SET', KEYS[1], 'in_progress', 'NX', 'PX', ARGV[1]) then return 'new' end
return redis.call('GET', KEYS[1])
"""
_REDIS_RELEASE: Final = """
if redis.call('GET', KEYS[1]) == 'in_progress' then return redis.call('DEL', KEYS[1]) end
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

    def claim(self, key: str, *, lease: float = DEFAULT_LEASE_SECONDS) -> Claim:
        state = _text(self._claim(keys=[self._prefix + key], args=[_millis(lease, "lease")]))
        return _REDIS_OUTCOMES.get(state, Claim.IN_PROGRESS)

    def complete(self, key: str, *, ttl: float = DEFAULT_TTL_SECONDS) -> None:
        self._client.set(self._prefix + key, Claim.DONE.value, px=_millis(ttl, "ttl"))

    def release(self, key: str) -> None:
        self._release(keys=[self._prefix + key])

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
