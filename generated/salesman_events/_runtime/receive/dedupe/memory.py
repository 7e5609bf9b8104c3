# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The in-process seen-id store."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from .store import (
    DEFAULT_LEASE_SECONDS,
    DEFAULT_MAX_ENTRIES,
    DEFAULT_TTL_SECONDS,
    PURGE_INTERVAL_SECONDS,
    Claim,
    positive,
)

__all__ = ["MemoryStore"]


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
        positive(lease, "lease")
        with self._lock:
            now = time.monotonic()
            entry = self._entries.get(key)
            if entry is not None and entry[1] > now:
                return entry[0]
            self._put(key, Claim.IN_PROGRESS, now + lease, owner)
            return Claim.NEW

    def complete(self, key: str, *, ttl: float = DEFAULT_TTL_SECONDS) -> None:
        """Mark `key` as handled, whoever holds it (see `SeenStore.complete`)."""
        positive(ttl, "ttl")
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
