# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The PostgreSQL outbox's tables, made and upgraded by the engine itself, in a schema of their own.

Every table lives in one schema (``salesman_events`` unless told), so the outbox sits beside an application's own
tables in the same database, and events can be written inside the application's transactions. The schema's version
is the ``schema_version`` row of its ``meta`` table. Opening an outbox brings the schema to `SCHEMA_VERSION` in one
transaction (PostgreSQL's DDL is transactional: all of an upgrade or none of it) under an advisory lock held until
that transaction ends, so processes starting together take turns and only the first does the work; a schema made by
a newer version of the SDK is refused, never guessed at.

Version 1: subscriptions; events, numbered by ``seq`` in the order they were inserted, with their payload as bytes
(the JSON exactly as emitted); one delivery per (event, subscription) with its state, lease and schedule; the attempt
log. Deliveries have no foreign keys: the outbox makes them only from the events it inserts in the same statement.
Partial indexes hold only what the workers look for: due pending deliveries, leases by expiry.

Version 2: retention. ``events.bare`` marks events that went to no subscription (so that they can be found and
removed without looking at every event), and finished deliveries (delivered, cancelled, dead) are indexed by when
they finished.

Version 3: tenants. ``subscriptions.identities``, the SalesMan tenants (``identity``) a subscription is limited to
(empty: every tenant).

Version 4: the console. ``events.trace`` (the emit's W3C traceparent, "" without one), ``attempts.headers`` (the
request and response headers as `browsing.headers_text` writes them), ``subscriptions.retire_after`` (when a
rotation's older secrets stop signing); ``activity``, the attempts per (minute, subscription, latency bucket), and
``last_failures``, each subscription's last failed attempt (filled from the attempt log on upgrade), both kept as
attempts are recorded; dead deliveries indexed by id, so that they are counted and searched without the delivered.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from psycopg import Connection
    from psycopg.rows import TupleRow

__all__ = ["DEFAULT_SCHEMA", "SCHEMA_VERSION", "SchemaTooNew", "checked_schema", "migrate", "quoted"]

DEFAULT_SCHEMA: Final = "salesman_events"
SCHEMA_NAME: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,49}")  # 50 at most: `<schema>.due` names the channel

STEPS: Final = (
    (  # version 1
        "CREATE SCHEMA IF NOT EXISTS {s}",
        "CREATE TABLE {s}.meta (key text PRIMARY KEY, value bigint NOT NULL)",
        "INSERT INTO {s}.meta (key, value) VALUES ('schema_version', 0), ('subscriptions_version', 0)",
        """CREATE TABLE {s}.subscriptions (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, url text NOT NULL,
            events text[] NOT NULL, method text NOT NULL, format text NOT NULL, secrets text[] NOT NULL,
            enabled boolean NOT NULL, disabled_reason text NOT NULL, created_at double precision NOT NULL)""",
        """CREATE TABLE {s}.events (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id text NOT NULL UNIQUE,
            name text NOT NULL, payload bytea NOT NULL, created_at double precision NOT NULL)""",
        "CREATE INDEX events_created ON {s}.events USING brin (created_at)",  # replay(since=): nearly free to keep
        """CREATE TABLE {s}.deliveries (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, event_seq bigint NOT NULL,
            subscription_id bigint NOT NULL, state text NOT NULL, attempts integer NOT NULL,
            next_attempt_at double precision NOT NULL, lease_owner text, lease_expires_at double precision,
            updated_at double precision NOT NULL, last_status integer)""",
        "CREATE INDEX deliveries_due ON {s}.deliveries (next_attempt_at) WHERE state = 'pending'",
        "CREATE INDEX deliveries_leased ON {s}.deliveries (lease_expires_at) WHERE state = 'delivering'",
        "CREATE INDEX deliveries_event ON {s}.deliveries (event_seq)",
        """CREATE TABLE {s}.attempts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, delivery_id bigint NOT NULL,
            started_at double precision NOT NULL, latency double precision NOT NULL, status integer,
            response text NOT NULL, outcome text NOT NULL, next_attempt_at double precision)""",
        "CREATE INDEX attempts_delivery ON {s}.attempts (delivery_id)",
    ),
    (  # version 2
        "ALTER TABLE {s}.events ADD COLUMN bare boolean NOT NULL DEFAULT false",
        "CREATE INDEX events_bare ON {s}.events (created_at) WHERE bare",
        """CREATE INDEX deliveries_finished ON {s}.deliveries (updated_at)
            WHERE state IN ('delivered', 'cancelled', 'dead')""",
    ),
    (  # version 3
        "ALTER TABLE {s}.subscriptions ADD COLUMN identities bigint[] NOT NULL DEFAULT '{{}}'",
    ),
    (  # version 4
        "ALTER TABLE {s}.events ADD COLUMN trace text NOT NULL DEFAULT ''",
        "ALTER TABLE {s}.attempts ADD COLUMN headers text NOT NULL DEFAULT ''",
        "ALTER TABLE {s}.subscriptions ADD COLUMN retire_after double precision",
        """CREATE TABLE {s}.activity (minute bigint NOT NULL, subscription_id bigint NOT NULL, bucket integer NOT NULL,
            delivered bigint NOT NULL, failed bigint NOT NULL, PRIMARY KEY (minute, subscription_id, bucket))""",
        """CREATE TABLE {s}.last_failures (subscription_id bigint PRIMARY KEY, status integer, response text NOT NULL,
            started_at double precision NOT NULL)""",
        """INSERT INTO {s}.last_failures (subscription_id, status, response, started_at)
            SELECT DISTINCT ON (d.subscription_id) d.subscription_id, a.status, a.response, a.started_at
            FROM {s}.attempts a JOIN {s}.deliveries d ON d.id = a.delivery_id WHERE a.outcome <> 'delivered'
            ORDER BY d.subscription_id, a.id DESC""",
        "CREATE INDEX deliveries_dead ON {s}.deliveries (id) WHERE state = 'dead'",
    ),
)
SCHEMA_VERSION: Final = len(STEPS)


class SchemaTooNew(Exception):
    """The schema was made by a newer version of the SDK than this one."""


def checked_schema(name: str) -> str:
    """The schema name, if it is a plain identifier (letters, digits, underscores; at most 50); else ValueError."""
    if not SCHEMA_NAME.fullmatch(name):
        raise ValueError(f"a PostgreSQL outbox schema name is letters, digits and _ (at most 50), got {name!r}")
    return name


def quoted(name: str) -> str:
    """The schema as it is written in SQL: quoted, so that its case is kept."""
    return f'"{checked_schema(name)}"'


def lock_key(schema: str) -> int:
    """The advisory lock taken while a schema is made or upgraded: a 64-bit number of its name."""
    return int.from_bytes(hashlib.sha256(f"salesman-events outbox {schema}".encode()).digest()[:8], "big", signed=True)


def version_of(db: Connection[TupleRow], schema: str) -> int:
    """The schema's version: 0 when there is no outbox there yet."""
    # The catalog read as a table (a snapshot taken now), not by to_regclass: its cached lookups may not have seen
    # yet the tables another process just made while this one waited for the lock.
    exists = "SELECT count(*) FROM pg_tables WHERE schemaname = %s AND tablename = 'meta'"
    if db.execute(exists, (schema,)).fetchone() == (0,):
        return 0
    row = db.execute(f"SELECT value FROM {quoted(schema)}.meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def migrate(db: Connection[TupleRow], schema: str, target: int = SCHEMA_VERSION) -> int:
    """Bring the schema to `target` (an autocommit connection: one transaction, under the advisory lock); returns
    the version found. Raises SchemaTooNew, changing nothing, when the schema is newer than this code."""
    found = version_of(db, schema)
    if found == target:
        return found
    with db.transaction():
        db.execute("SELECT pg_advisory_xact_lock(%s)", (lock_key(schema),))
        found = version_of(db, schema)  # another process may have done it while this one waited
        if found > SCHEMA_VERSION:
            raise SchemaTooNew(
                f"schema {schema!r} has outbox version {found}, newer than this code's "
                f"({SCHEMA_VERSION}): upgrade the SDK"
            )
        for version in range(found + 1, target + 1):
            for statement in STEPS[version - 1]:
                db.execute(statement.format(s=quoted(schema)))
            db.execute(f"UPDATE {quoted(schema)}.meta SET value = %s WHERE key = 'schema_version'", (version,))
    return found
