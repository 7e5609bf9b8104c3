"""The SQLite outbox engine: emitted events and their webhook deliveries in one local file.

Durability: the file is in WAL mode. With ``synchronous="NORMAL"`` (the default) a transaction that returned
(an acknowledged ``add``, ``record``, …) survives a crash of the process, even ``kill -9``, but the last
transactions before a power loss or an operating-system crash may be lost (the file stays consistent), because
WAL commits are not flushed to the disk one by one. ``synchronous="FULL"`` survives those too, at the cost of an
fsync per commit.

Concurrency: every thread gets its own connection, so one ``SQLiteOutbox`` serves many threads, and any number
of processes may open the same file. Writers take turns (``BEGIN IMMEDIATE``); one that waits longer than
``timeout`` seconds gets an ``OutboxError``, as does any other failure (disk full, read-only, I/O error), and
the transaction is rolled back: nothing is ever half-stored.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar, Final, Literal

from ..browsing import activity_increments, attempt_from_log, headers_text
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
    matches,
    same_subscription,
    updated_subscription,
)
from ..routes import Routing, route_events
from ..statuses import subscription_status
from . import queries as sql
from .browsing import SQLiteBrowsing, subscription_of
from .connections import BEGIN_READ, Connection, Connections
from .purging import purge
from .schema import SCHEMA_VERSION, migrate

__all__ = ["SCHEMA_VERSION", "SQLiteOutbox", "open_sqlite"]

URL_PREFIX: Final = "sqlite:///"  # sqlite:///relative.db, sqlite:////abs/path.db (the SQLAlchemy convention)
RESPONSE_LIMIT: Final = 2_000  # characters of a response (or error) kept in the attempt log
ROUTE_CACHE_LIMIT: Final = 10_000  # event names whose matching subscriptions are remembered

_OUTCOME_STATES: Final = {"delivered": "delivered", "retry": "pending", "dead": "dead", "disable": "cancelled"}


def open_sqlite(url: str) -> SQLiteOutbox:
    """Open the outbox at `sqlite:///relative.db` or `sqlite:////abs/path.db`."""
    path = url[len(URL_PREFIX) :] if url.startswith(URL_PREFIX) else ""
    if not path or "?" in path:
        raise ValueError(f"not a SQLite outbox URL (sqlite:///relative.db or sqlite:////abs/path.db): {url!r}")
    return SQLiteOutbox(path)


class SQLiteOutbox(SQLiteBrowsing):
    """The `Outbox` in a SQLite file, shared by the threads and processes that open the same path."""

    commits_in_process: ClassVar[bool] = True  # a commit is local work, not a round trip (see receive.GroupCommit)

    def __init__(
        self,
        path: str | Path,
        *,
        timeout: float = 5.0,
        synchronous: Literal["NORMAL", "FULL"] = "NORMAL",
        max_bytes: int | None = None,
    ) -> None:
        """`timeout`: how long a writer waits for another; `max_bytes`: a cap on the file (beyond it, "full")."""
        if str(path) in ("", ":memory:"):
            raise ValueError("the SQLite outbox needs a file: every thread and process opens it")
        if synchronous not in ("NORMAL", "FULL"):
            raise ValueError(f"synchronous must be NORMAL or FULL, got {synchronous!r}")
        self._path = Path(path)
        self._db = Connections(self._path, timeout=timeout, synchronous=synchronous, max_bytes=max_bytes)
        with self._db.transaction(BEGIN_READ) as c:
            (version,) = c.db.execute("PRAGMA user_version").fetchone()
        if version != SCHEMA_VERSION:
            self._migrate()

    def add(self, events: Sequence[EventRecord]) -> int:
        with self._db.transaction() as c:
            self._refresh(c)
            routing = route_events(events, lambda name: [c.subscriptions[sid] for sid in self._route(c, name)])
            return self._add(c, events, routing)

    def _add(self, c: Connection, events: Sequence[EventRecord], routing: Routing) -> int:
        """Store the events, and their deliveries as `routing` says, inside the transaction of `c`."""
        routes = [(name, sid) for name, sids in routing.by_name.items() for sid in sids]
        routed, each = {name for name, _ in routes}, routing.by_event
        # A bytearray: sqlite3 binds it as is, while bytes go through its adapter lookup (most of a row's cost).
        rows = (
            (i, name, bytearray(payload), at, trace, name not in routed and n not in each)
            for n, (i, name, payload, at, trace) in enumerate(events)
        )
        last_seq, last_at = c.db.execute(sql.LAST_COMMIT).fetchone()
        c.db.executemany(sql.INSERT_EVENT, rows)
        if not events:
            return 0
        c.db.execute(sql.INSERT_COMMIT, (last_seq, time.time(), last_at))
        made: int = c.db.execute(sql.FAN_OUT, (json.dumps(routes), last_seq)).rowcount if routes else 0
        if each:
            made += c.db.execute(sql.FAN_OUT_EACH, (json.dumps(routing.pairs()), last_seq)).rowcount
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
        tenants = checked_identities(identities)
        with self._db.transaction() as c:
            existing = map(subscription_of, c.db.execute(sql.SELECT_SUBSCRIPTIONS).fetchall())
            same = None if allow_duplicate else same_subscription(existing, url, events, method, format, tenants)
            if same is not None:
                updated = updated_subscription(same, secrets)
                c.db.execute(sql.SET_SECRETS, (json.dumps(list(updated.secrets)), same.id))
            else:
                row = (url, json.dumps(list(events)), method, format, json.dumps(list(secrets)), time.time())
                sid = c.db.execute(sql.INSERT_SUBSCRIPTION, (*row, json.dumps(list(tenants)))).lastrowid
                assert sid is not None
                updated = Subscription(sid, url, tuple(events), method, format, tuple(secrets), identities=tenants)
            self._subscriptions_changed(c)
        return updated

    def claim(
        self, owner: str, *, limit: int, lease: float = DEFAULT_LEASE_SECONDS, now: float | None = None
    ) -> list[Due]:
        if not lease > 0:
            raise ValueError(f"lease must be positive, got {lease!r}")
        if limit < 1:
            return []
        now = time.time() if now is None else now
        params = {"owner": owner, "expires": now + lease, "now": now, "limit": limit}
        with self._db.transaction() as c:
            claimed = sorted(c.db.execute(sql.CLAIM, params).fetchall(), key=lambda r: (r[4], r[0]))
            if not claimed:
                return []
            self._refresh(c)
            seqs = json.dumps(list({row[1] for row in claimed}))
            events = {row[0]: EventRecord(*row[1:]) for row in c.db.execute(sql.SELECT_EVENTS, (seqs,))}
            return [Due(id_, events[seq], c.subscriptions[sid], n) for id_, seq, sid, n, _ in claimed]

    def record(self, due: Due, owner: str, attempt: Attempt) -> bool:
        return self.record_all([(due, attempt)], owner)[0]

    def record_all(self, outcomes: Sequence[tuple[Due, Attempt]], owner: str) -> list[bool]:
        """`record` of each (due, attempt), in one transaction: a worker holds the write lock once for all the
        attempts that finished since its last claim, not once per attempt (emitters wait less for it)."""
        for _, attempt in outcomes:
            if _OUTCOME_STATES.get(attempt.outcome) is None or (
                attempt.outcome == "retry" and attempt.next_attempt_at is None
            ):
                raise ValueError(f"an outcome in {tuple(_OUTCOME_STATES)}, and a time for a retry, needed: {attempt!r}")
        with self._db.transaction() as c:
            kept = [self._record(c, due, owner, attempt) for due, attempt in outcomes]
            recorded = [outcome for outcome, was_kept in zip(outcomes, kept, strict=True) if was_kept]
            c.db.executemany(sql.ADD_ACTIVITY, activity_increments(recorded))
            return kept

    def _record(self, c: Connection, due: Due, owner: str, attempt: Attempt) -> bool:
        retry_at = attempt.next_attempt_at if attempt.outcome == "retry" else None
        finish = (_OUTCOME_STATES[attempt.outcome], retry_at, attempt.status, time.time(), due.delivery_id, owner)
        if c.db.execute(sql.FINISH, (*finish, due.attempt)).rowcount != 1:
            return False
        response = attempt.response[:RESPONSE_LIMIT]
        log = (due.delivery_id, attempt.started_at, attempt.latency, attempt.status, response, attempt.outcome)
        c.db.execute(sql.INSERT_ATTEMPT, (*log, attempt.next_attempt_at, headers_text(attempt)))
        if attempt.outcome != "delivered":
            c.db.execute(sql.KEEP_LAST_FAILURE, (due.subscription.id, attempt.status, response, attempt.started_at))
        if attempt.outcome == "disable":
            reason = disabled_reason(attempt.status, due.subscription.url)
            c.db.execute(sql.DISABLE, (reason, due.subscription.id))
            self._subscriptions_changed(c)
        return True

    def release(self, dues: Sequence[Due], owner: str) -> None:
        now = time.time()
        with self._db.transaction() as c:
            c.db.executemany(sql.RELEASE, [(now, now, d.delivery_id, owner, d.attempt) for d in dues])

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
        """Make deliveries pending again, attempts from 0: those matching every criterion given, never leased ones
        nor those of disabled subscriptions. Returns how many."""
        statement = sql.REPLAY + sql.REPLAY_CLAUSES.chosen(
            event_id=event_id, since=since, dead=dead, pending=pending, subscription_id=subscription_id,
            delivery_ids=delivery_ids,
        )  # fmt: skip
        params = {"now": time.time(), "event_id": event_id, "since": since, "subscription_id": subscription_id}
        with self._db.transaction() as c:
            return c.db.execute(statement, {**params, "delivery_ids": json.dumps(list(delivery_ids))}).rowcount

    def status(self, now: float | None = None) -> Status:
        now = time.time() if now is None else now
        with self._db.transaction(BEGIN_READ) as c:
            counts: dict[str, int] = dict(c.db.execute(sql.COUNT_STATES).fetchall())
            pending = {sid: row for sid, *row in c.db.execute(sql.PENDING_BY_SUBSCRIPTION)}
            failures: dict[int, int] = dict(c.db.execute(sql.FAILURES_BY_SUBSCRIPTION).fetchall())
            errors = {sid: row for sid, *row in c.db.execute(sql.LAST_FAILURE_BY_SUBSCRIPTION)}
            subscriptions = [subscription_of(row) for row in c.db.execute(sql.SELECT_SUBSCRIPTIONS)]
        per_subscription = tuple(subscription_status(s, now, pending, failures, errors) for s in subscriptions)
        in_flight = counts.get("pending", 0) + counts.get("delivering", 0)
        return Status(in_flight, counts.get("delivered", 0), counts.get("dead", 0), per_subscription)

    def attempts(self, delivery_id: int) -> list[Attempt]:
        with self._db.transaction(BEGIN_READ) as c:
            return [attempt_from_log(*row) for row in c.db.execute(sql.SELECT_ATTEMPTS, (delivery_id,))]

    def purge(self, before: float, *, limit: int = PURGE_STEP, dead: bool = False) -> int:
        with self._db.transaction() as c:
            return purge(c.db, before, limit, dead)

    def maintain(self) -> None:
        """Copy the WAL into the database file without blocking anyone, off the emitters' commit path."""
        try:
            self._db.mine().db.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.Error as error:
            raise self._db.error(error) from error

    def close(self) -> None:
        """Close every thread's connection; the outbox can't be used afterwards."""
        self._db.close()

    def _migrate(self) -> None:
        """Create the tables, or upgrade an older file's (foreign keys off meanwhile: tables are rebuilt)."""
        db = self._db.mine().db
        try:
            db.execute("PRAGMA foreign_keys = OFF")  # a no-op inside a transaction, so before it
            try:
                with self._db.transaction() as c:
                    migrate(c.db, self._path)
            finally:
                db.execute("PRAGMA foreign_keys = ON")
        except ValueError as error:
            raise OutboxError(str(error)) from None
        except sqlite3.Error as error:
            raise self._db.error(error) from error

    def _refresh(self, c: Connection) -> None:
        """Re-read the subscriptions if they may have changed since (inside a transaction, so consistent)."""
        (data_version,) = c.db.execute("PRAGMA data_version").fetchone()
        if data_version == c.data_version:
            return
        c.data_version = data_version
        (version,) = c.db.execute(sql.SUBSCRIPTIONS_VERSION).fetchone()
        if version != c.subscriptions_version:
            c.subscriptions = {s.id: s for s in map(subscription_of, c.db.execute(sql.SELECT_SUBSCRIPTIONS))}
            c.routes, c.subscriptions_version = {}, version

    def _subscriptions_changed(self, c: Connection) -> None:
        """Bump the version other connections watch; this connection's own commits don't move its data_version."""
        c.db.execute(sql.BUMP_SUBSCRIPTIONS)
        c.data_version = -1

    def _route(self, c: Connection, name: str) -> tuple[int, ...]:
        """The enabled subscriptions an event goes to."""
        route = c.routes.get(name)
        if route is None:
            if len(c.routes) >= ROUTE_CACHE_LIMIT:
                c.routes.clear()
            route = tuple(s.id for s in c.subscriptions.values() if s.enabled and matches(s.events, name))
            c.routes[name] = route
        return route
