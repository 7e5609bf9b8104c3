# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Seen-id stores: receivers dedupe deliveries on `webhook-id` (in memory, in a SQLite file, or in Redis)."""

from .memory import MemoryStore
from .redis import DEFAULT_REDIS_PREFIX, DEFAULT_REDIS_URL, RedisStore
from .sqlite import SQLiteStore
from .store import DEFAULT_LEASE_SECONDS, DEFAULT_MAX_ENTRIES, DEFAULT_TTL_SECONDS, Claim, SeenStore
from .urls import open_store

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
