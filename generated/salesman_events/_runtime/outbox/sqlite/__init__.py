# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The outbox in a SQLite file: its schema and migrations (`schema`), its statements (`queries`), the engine."""

from .outbox import SQLiteOutbox, open_sqlite
from .schema import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "SQLiteOutbox", "open_sqlite"]
