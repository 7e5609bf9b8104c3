# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The quarantine: what the receiver could not type yet, kept instead of refused (in memory, SQLite or Redis)."""

from .memory import MemoryQuarantine
from .redis import RedisQuarantine
from .sqlite import SQLiteQuarantine
from .store import DEFAULT_MAX_ENTRIES, KeptRequest, QuarantineStore, kept_request
from .urls import open_quarantine

__all__ = [
    "DEFAULT_MAX_ENTRIES",
    "KeptRequest",
    "MemoryQuarantine",
    "QuarantineStore",
    "RedisQuarantine",
    "SQLiteQuarantine",
    "kept_request",
    "open_quarantine",
]
