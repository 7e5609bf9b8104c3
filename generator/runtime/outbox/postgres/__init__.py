"""The outbox in PostgreSQL, in a schema of its own beside the application's tables: its tables and their upgrades
(`schema`), its statements (`queries`), connections, LISTEN/NOTIFY (`listener`), attempts' outcomes (`recording`),
retention (`purging`), the console's side (`browsing`), the engine (`outbox`); events are added through the
outbox's connections or the application's (`adding`)."""

from .outbox import URL_SCHEMES, PostgresOutbox, open_postgres, split_schema
from .schema import DEFAULT_SCHEMA, SCHEMA_VERSION

__all__ = ["DEFAULT_SCHEMA", "SCHEMA_VERSION", "URL_SCHEMES", "PostgresOutbox", "open_postgres", "split_schema"]
