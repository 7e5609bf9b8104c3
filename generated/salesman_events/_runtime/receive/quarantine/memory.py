# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The in-process quarantine: bounded, forgotten on exit (for a receiver that must keep them, SQLite or Redis)."""

from __future__ import annotations

import dataclasses
import threading

from .store import KeptRequest

__all__ = ["DEFAULT_MEMORY_ENTRIES", "MemoryQuarantine"]

DEFAULT_MEMORY_ENTRIES = 10_000


class MemoryQuarantine:
    """Kept requests in a dict, oldest first."""

    def __init__(self, *, max_entries: int = DEFAULT_MEMORY_ENTRIES) -> None:
        if max_entries < 1:
            raise ValueError(f"max_entries must be at least 1, got {max_entries!r}")
        self.max_entries = max_entries
        self._kept: dict[str, KeptRequest] = {}
        self._lock = threading.Lock()

    def keep(self, kept: KeptRequest) -> bool:
        with self._lock:
            if len(self._kept) >= self.max_entries:
                return False
            self._kept[kept.id] = kept
            return True

    def get(self, kept_id: str) -> KeptRequest | None:
        with self._lock:
            return self._kept.get(kept_id)

    def find(
        self, *, event: str | None = None, since: float | None = None, limit: int | None = None
    ) -> list[KeptRequest]:
        with self._lock:
            found = [
                k
                for k in self._kept.values()
                if (event is None or k.event == event) and (since is None or k.received_at >= since)
            ]
        return sorted(found, key=lambda k: (k.received_at, k.id))[:limit]

    def update(self, kept_id: str, reason: str, detail: str) -> None:
        with self._lock:
            if kept_id in self._kept:
                self._kept[kept_id] = dataclasses.replace(self._kept[kept_id], reason=reason, detail=detail)

    def remove(self, kept_id: str) -> None:
        with self._lock:
            self._kept.pop(kept_id, None)

    def count(self) -> int:
        with self._lock:
            return len(self._kept)

    def close(self) -> None:
        """Forget everything."""
        with self._lock:
            self._kept.clear()
