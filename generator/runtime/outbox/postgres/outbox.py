"""The PostgreSQL outbox engine: emitted events and their webhook deliveries in tables of the application's own
database, so that an event can be written in the same transaction as the change it announces.

Its parts: `schema` (the tables, made and upgraded here), `queries` (the SQL), `connections` (one autocommit
connection per thread), `adding` (events in, through any connection), `recording` (attempts' outcomes in),
`listener` (LISTEN/NOTIFY), `purging`, and `browsing` (the console's side).

Durability is PostgreSQL's: an `add` that returned is committed (with ``synchronous_commit = on``, the server's
default, it survives a crash of the server or the machine). The workers' bookkeeping (`claim`, `record`, `release`,
`purge`) commits asynchronously, on connections of its own (``synchronous_commit = off``): it doesn't wait for the
disk, and a crash of the server may lose its last fraction of a second, which only makes those deliveries be tried
again once their leases run out (at least once, as ever); nothing emitted is at risk. Workers record what finished
since their last claim in one statement (`record_all`).

Concurrency: any number of threads, processes and machines share one outbox; workers lease deliveries with
``FOR UPDATE SKIP LOCKED`` (they never wait for each other) and a lease that runs out goes to another worker.
Errors, the server unreachable included, raise ``OutboxError`` at once: nothing is retried here (a statement must not
run twice), the caller backs off.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, Final
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..browsing import attempt_from_log
from ..capabilities import OnCommit
from ..interface import (
    DEFAULT_LEASE_SECONDS,
    PURGE_STEP,
    Attempt,
    Due,
    EventRecord,
    OutboxError,
    Status,
    Subscription,
    checked_identities,
    checked_subscription,
    disabled_reason,
)
from ..routes import SubscriptionCache
from ..statuses import subscription_status
from .adding import add_async, add_sync, read_subscriptions
from .browsing import PostgresBrowsing
from .connections import Connections, connect, hidden_password
from .listener import Listener
from .purging import purge
from .queries import Queries
from .recording import record_parameters
from .schema import DEFAULT_SCHEMA, SchemaTooNew, checked_schema, migrate
from .subscribing import subscribe

__all__ = ["URL_SCHEMES", "PostgresOutbox", "open_postgres", "split_schema"]

URL_SCHEMES: Final = ("postgresql://", "postgres://")
ASYNC_COMMIT: Final = "SET synchronous_commit = off"


def open_postgres(url: str) -> PostgresOutbox:
    """Open the outbox at `postgresql://user:password@host:port/database?schema=name` (or `postgres://`); other
    query parameters (``sslmode``, …) go to libpq as they are."""
    if not url.startswith(URL_SCHEMES):
        raise ValueError(f"not a PostgreSQL outbox URL (postgresql://user@host:port/database?schema=…): {url!r}")
    connection_url, schema = split_schema(url)
    return PostgresOutbox(connection_url, schema=schema)


def split_schema(url: str) -> tuple[str, str]:
    """(the URL libpq connects to, the schema): an outbox URL's last `schema=` (else DEFAULT_SCHEMA) taken out of
    its query, the other parameters left as they are."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schemas = [value for key, value in query if key == "schema"]
    rest = urlencode([(key, value) for key, value in query if key != "schema"])
    return urlunsplit(parts._replace(query=rest)), schemas[-1] if schemas else DEFAULT_SCHEMA


class PostgresOutbox(PostgresBrowsing):
    """The `Outbox` (and `browsing.Browsable`) in a PostgreSQL schema, shared by every handle opened on the same
    database and schema."""

    def __init__(self, url: str, *, schema: str = DEFAULT_SCHEMA, timeout: float = 5.0) -> None:
        """`url`: a libpq connection URL or string; `schema`: where the outbox's tables live (made if missing);
        `timeout`: seconds to connect. Makes or upgrades the tables; OutboxError if the schema is newer than this
        code or the database can't be reached."""
        self._q = Queries(checked_schema(schema))
        where = f"{hidden_password(url)} (schema {schema})"
        self._db = Connections(url, where, timeout=timeout)
        self._work = Connections(url, where, timeout=timeout, setup=ASYNC_COMMIT)  # the workers' bookkeeping
        self._listener = Listener(lambda: connect(url, timeout), self._q.channel, where)
        self._lock = threading.RLock()
        self._cache = SubscriptionCache(self._load, self._lock)
        with self._db.session() as db:
            try:
                migrate(db, schema)
            except SchemaTooNew as error:
                raise OutboxError(f"the PostgreSQL outbox {where}: {error}") from None

    @property
    def schema(self) -> str:
        return self._q.schema

    def add(self, events: Sequence[EventRecord]) -> int:
        if not events:
            with self._db.session():  # fails when closed
                return 0
        with self._db.session() as db, db.cursor() as cursor:
            return add_sync(cursor, self._q, self._cache, events)

    def add_through(self, connection: Any, events: Sequence[EventRecord], on_commit: OnCommit | None = None) -> int:
        """`add` through the application's psycopg `Connection`, inside the transaction it has open (or, on an
        autocommit connection outside a transaction, committed at once). `on_commit` runs once the transaction is
        known to have committed: at once if it already has, else on the listener's thread when PostgreSQL announces
        the commit; never after a rollback. Errors raise OutboxError, and leave the transaction to be rolled back."""
        from psycopg import Error
        from psycopg.rows import tuple_row

        token, committing = self._expect(connection, on_commit)
        try:
            with connection.cursor(row_factory=tuple_row) as cursor:
                made = add_sync(cursor, self._q, self._cache, events, token)
        except (Error, OutboxError) as error:
            self._listener.forget(token)
            raise self._db.error(error) from error
        if committing and on_commit is not None:
            on_commit()
        return made

    async def add_through_async(
        self, connection: Any, events: Sequence[EventRecord], on_commit: OnCommit | None = None
    ) -> int:
        """`add_through` for a psycopg `AsyncConnection`."""
        from psycopg import Error
        from psycopg.rows import tuple_row

        token, committing = self._expect(connection, on_commit)
        try:
            async with connection.cursor(row_factory=tuple_row) as cursor:
                made = await add_async(cursor, self._q, self._cache, events, token)
        except (Error, OutboxError) as error:
            self._listener.forget(token)
            raise self._db.error(error) from error
        if committing and on_commit is not None:
            on_commit()
        return made

    def subscribe(
        self,
        url: str,
        events: Sequence[str],
        *,
        method: str = "POST",
        format: str = "json",
        secrets: Sequence[str] = (),
        allow_duplicate: bool = False,
        identities: Sequence[int] = (),
    ) -> Subscription:
        method = checked_subscription(url, events, method, format, secrets)
        wanted = Subscription(
            0, url, tuple(events), method, format, tuple(secrets), identities=checked_identities(identities)
        )
        with self._db.transaction() as db:
            return subscribe(db, self._q, wanted, allow_duplicate)

    def subscriptions(self) -> list[Subscription]:
        return list(self._load()[1].values())

    def set_enabled(self, subscription_id: int, enabled: bool, reason: str = "") -> None:
        """Enable or disable a subscription; KeyError if there is none with that id."""
        with self._db.transaction() as db:
            changed = db.execute(self._q.SET_ENABLED, (enabled, "" if enabled else reason, subscription_id)).rowcount
            if changed != 1:
                raise KeyError(f"no subscription {subscription_id} in {self._db.where}")
            db.execute(self._q.SUBSCRIPTIONS_CHANGED)
            if enabled:
                db.execute(self._q.WAKE, (self._q.channel,))  # its waiting deliveries are due again

    def claim(
        self, owner: str, *, limit: int, lease: float = DEFAULT_LEASE_SECONDS, now: float | None = None
    ) -> list[Due]:
        if not lease > 0:
            raise ValueError(f"lease must be positive, got {lease!r}")
        if limit < 1:
            return []
        now = time.time() if now is None else now
        params = {"owner": owner, "expires": now + lease, "now": now, "limit": limit}
        with self._work.session() as db:
            rows = db.execute(self._q.CLAIM, params).fetchall()
        if not rows:
            return []
        subscriptions = self._cache.get(str(rows[0][-1]))
        rows.sort(key=lambda row: (row[3], row[0]))
        return [
            Due(id_, EventRecord(event_id, name, payload, created_at, trace), subscriptions[sid], n)
            for id_, sid, n, _, event_id, name, payload, created_at, trace, _ in rows
        ]

    def record(self, due: Due, owner: str, attempt: Attempt) -> bool:
        if attempt.outcome != "disable":
            return self.record_all([(due, attempt)], owner)[0]
        with self._work.transaction() as db:
            if not db.execute(self._q.RECORD, record_parameters([(due, attempt)], owner)).fetchall():
                return False
            reason = disabled_reason(attempt.status, due.subscription.url)
            db.execute(self._q.DISABLE, (reason, due.subscription.id))
            db.execute(self._q.SUBSCRIPTIONS_CHANGED)
        return True

    def record_all(self, outcomes: Sequence[tuple[Due, Attempt]], owner: str) -> list[bool]:
        """`record` of many attempts in one statement (those that disable a subscription one by one)."""
        disabling = {i for i, (_, attempt) in enumerate(outcomes) if attempt.outcome == "disable"}
        rest = [outcome for i, outcome in enumerate(outcomes) if i not in disabling]
        kept: set[tuple[int, int]] = set()
        if rest:
            with self._work.session() as db:
                ids = {id_ for (id_,) in db.execute(self._q.RECORD, record_parameters(rest, owner))}
            kept = {(due.delivery_id, due.attempt) for due, _ in rest if due.delivery_id in ids}
        return [
            self.record(due, owner, attempt) if i in disabling else (due.delivery_id, due.attempt) in kept
            for i, (due, attempt) in enumerate(outcomes)
        ]

    def release(self, dues: Sequence[Due], owner: str) -> None:
        params = {"now": time.time(), "owner": owner}
        params |= {"ids": [d.delivery_id for d in dues], "attempts": [d.attempt for d in dues]}
        with self._work.transaction() as db:
            if db.execute(self._q.RELEASE, params).rowcount:
                db.execute(self._q.WAKE, (self._q.channel,))

    def replay(
        self,
        *,
        event_id: str | None = None,
        since: float | None = None,
        dead: bool = False,
        pending: bool = False,
        subscription_id: int | None = None,
        delivery_ids: Sequence[int] = (),
    ) -> int:
        """Make deliveries pending and due now, attempts from 0: those matching every criterion given, never leased
        ones nor those of disabled subscriptions. Returns how many."""
        q = self._q
        statement = q.REPLAY + q.REPLAY_CLAUSES.chosen(
            event_id=event_id, since=since, dead=dead, pending=pending, subscription_id=subscription_id,
            delivery_ids=delivery_ids,
        )  # fmt: skip
        params = {"now": time.time(), "event_id": event_id, "since": since, "subscription_id": subscription_id}
        with self._db.transaction() as db:
            count = db.execute(statement, {**params, "delivery_ids": list(delivery_ids)}).rowcount
            if count:
                db.execute(q.WAKE, (q.channel,))
        return count

    def status(self, now: float | None = None) -> Status:
        now = time.time() if now is None else now
        with self._db.transaction() as db:
            counts: dict[str, int] = dict(db.execute(self._q.COUNT_STATES).fetchall())
            pending = {sid: row for sid, *row in db.execute(self._q.PENDING_BY_SUBSCRIPTION)}
            failures: dict[int, int] = dict(db.execute(self._q.FAILURES_BY_SUBSCRIPTION).fetchall())
            errors = {sid: row for sid, *row in db.execute(self._q.LAST_FAILURES)}
        per_subscription = tuple(subscription_status(s, now, pending, failures, errors) for s in self.subscriptions())
        in_flight = counts.get("pending", 0) + counts.get("delivering", 0)
        return Status(in_flight, counts.get("delivered", 0), counts.get("dead", 0), per_subscription)

    def attempts(self, delivery_id: int) -> list[Attempt]:
        with self._db.session() as db:
            return [attempt_from_log(*row) for row in db.execute(self._q.ATTEMPTS, (delivery_id,))]

    def purge(self, before: float, *, limit: int = PURGE_STEP, dead: bool = False) -> int:
        with self._work.transaction() as db:
            return purge(db, self._q, before, limit, dead)

    def watch(self, wake: Callable[[], None]) -> Callable[[], None]:
        """Call `wake()` after each commit that made due deliveries (LISTEN/NOTIFY, on a thread of its own)."""
        return self._listener.watch(wake)

    def close(self) -> None:
        """Close every connection and stop listening; the outbox can't be used afterwards."""
        self._listener.close()
        self._db.close()
        self._work.close()

    def _expect(self, connection: Any, on_commit: OnCommit | None) -> tuple[str, bool]:
        """(the token to announce the commit with, whether the statement commits by itself)."""
        from psycopg.pq import TransactionStatus

        committing = connection.autocommit and connection.info.transaction_status == TransactionStatus.IDLE
        return ("" if committing or on_commit is None else self._listener.expect(on_commit)), committing

    def _load(self) -> tuple[str, dict[int, Subscription]]:
        with self._db.transaction() as db, db.cursor() as cursor:
            return read_subscriptions(cursor, self._q)
