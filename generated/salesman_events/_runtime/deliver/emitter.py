# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The emitter: record an event durably in the outbox, run in-process handlers, and let workers deliver it.

Events are written through the outbox's own connection, or, given `connection=` (a psycopg connection, sync or async)
and an outbox in the application's own PostgreSQL database, through the application's connection inside the
transaction it has open: they exist if, and when, that transaction commits. Their in-process handlers then run once
the commit is known (announced by PostgreSQL on the outbox's listening thread), never after a rollback.

With tracing on, each emit is a span `emit <event>` (a child of the caller's current span) whose `traceparent` the
event keeps (`EventRecord.trace`): its deliveries continue that trace.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, asynccontextmanager, contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Final, cast

from ..events.handlers import call_sync
from ..events.registry import EventInfo
from ..outbox import ConnectionOutbox, EventRecord, OnCommit, Outbox, open_outbox
from ..wire import tracing
from ..wire.ids import id_format, new_event_id, next_sequence

if TYPE_CHECKING:
    from psycopg import AsyncConnection, Connection

__all__ = ["DEFAULT_MAX_PAYLOAD", "DEFAULT_OUTBOX", "EmitterCore", "PayloadTooLarge", "new_event_id"]

DEFAULT_OUTBOX = "sqlite:///outbox.db"
DEFAULT_MAX_PAYLOAD = 256 * 1024
logger = logging.getLogger(__name__.split("._runtime", 1)[0] + ".emitter")
Handled = list[tuple[str, Any]]  # (event name, payload) of events whose in-process handlers are to run


class PayloadTooLarge(ValueError):
    """An event whose JSON payload exceeds the emitter's limit; nothing was recorded."""


_ID_BLOCK: Final = 4096  # a batch's ids share a time this many at a time: far fewer than the counter's 16.7 M


class EmitterCore:
    """Fires events: each `emit` returns once the event and its deliveries are committed to the outbox (or, with
    `connection=`, written in the application's open transaction)."""

    def __init__(
        self,
        events: Mapping[str, EventInfo[Any]],
        *,
        outbox: str | Outbox = DEFAULT_OUTBOX,
        max_payload: int = DEFAULT_MAX_PAYLOAD,
    ) -> None:
        self.events = events
        self.outbox: Outbox = open_outbox(outbox) if isinstance(outbox, str) else outbox
        self.max_payload = max_payload
        self._handlers: dict[str, list[Callable[[Any], Any]]] = {}
        self._event_of_type = {
            info.payload_type: name for name, info in events.items() if isinstance(info.payload_type, type)
        }
        self._codecs = {name: (info.validator, info.serializer) for name, info in events.items()}
        # The batch open here: per thread, and per asyncio task (each task runs in a copy of its creator's context).
        self._batch: ContextVar[_Batch | None] = ContextVar(f"salesman_events_batch_{id(self):x}", default=None)

    def add_handler(self, name: str, handler: Callable[[Any], Any]) -> None:
        """Run `handler` in-process with the payload of every `name` event emitted here."""
        if name not in self.events:
            raise KeyError(f"unknown event {name!r}")
        self._handlers.setdefault(name, []).append(handler)

    def emit(self, payload: Any, *, event: str | None = None, connection: Connection[Any] | None = None) -> str:
        """Emit a payload model (its class names the event, or `event` does); returns the event id. `connection`:
        write it through this psycopg connection, in the transaction it has open (PostgreSQL outbox only)."""
        name, payload, data = self._serialised(payload, event)
        return self._record(name, payload, data, connection)

    def emit_fields(self, name: str, fields: dict[str, Any], connection: Connection[Any] | None = None) -> str:
        """Emit `name` with a payload validated from `fields` (keys as the typed methods' keywords); returns the
        event id. What every typed method (`emitter.deal_close(...)`) calls; pydantic.ValidationError if invalid."""
        parse, to_json = self._codecs[name]
        payload = parse(fields)
        return self._record(name, payload, to_json(payload, exclude_unset=True), connection)

    async def emit_async(
        self, payload: Any, *, event: str | None = None, connection: AsyncConnection[Any] | None = None
    ) -> str:
        """`emit` for async code: through a psycopg `AsyncConnection` in the transaction it has open, or (without
        one) through the outbox on a thread, so that the event loop is not blocked."""
        name, payload, data = self._serialised(payload, event)
        batched = self._batched(name, payload, data, connection)
        if batched is not None:
            return batched
        if tracing.enabled():
            with _emit_span(name) as traced:
                return await self._store_async(name, payload, data, connection, traced.traceparent)
        return await self._store_async(name, payload, data, connection, "")

    async def _store_async(self, name: str, payload: Any, data: bytes, connection: Any, trace: str) -> str:
        record, handled = EventRecord(new_event_id(), name, data, time.time(), trace), self._handled(name, payload)
        if connection is None:
            await asyncio.to_thread(self.outbox.add, [record])
            self._run_handlers(handled)
        else:
            await self._through().add_through_async(connection, [record], self._after_commit(handled))
        return record.id

    @contextmanager
    def batch(self, connection: Connection[Any] | None = None) -> Iterator[None]:
        """Emits inside the block (typed methods or `emit`, on this thread) are committed together when it ends,
        then their handlers run. Each emit still validates and serialises its payload at once (an invalid one
        raises there) and returns its event id; when the block ends, every event and its deliveries are committed
        in one transaction, all or none: `batch` returns only after the commit, and an exception in the block
        stores nothing. Batches inside a batch join it. The fast way to emit many events, e.g. an import:

            with emitter.batch():
                for row in rows:
                    emitter.client_add(clid=row.id, autor=row.author)

        With `connection`, the events are written through it when the block ends, in the transaction it has open.
        """
        with self._collecting(connection) as batch:
            yield
        if batch is None:
            return
        if connection is None:
            self.outbox.add(batch.records)
            self._run_handlers(batch.handled)
        elif batch.records:
            self._through().add_through(connection, batch.records, self._after_commit(batch.handled))

    @contextmanager
    def _collecting(self, connection: Any) -> Iterator[_Batch | None]:
        """The emits of the block collected into a new batch (yielded), or, inside an open batch, into that one
        (None: the outer block writes them)."""
        if self._joined(connection):
            yield None
            return
        batch = _Batch(connection)
        opened = self._batch.set(batch)
        try:
            yield batch
        finally:
            self._batch.reset(opened)

    @asynccontextmanager
    async def batch_async(self, connection: AsyncConnection[Any] | None = None) -> AsyncIterator[None]:
        """`batch` for async code (emits inside it, typed or `emit_async`, in this task), written when the block
        ends through the psycopg `AsyncConnection` given, in the transaction it has open, or (without one) through
        the outbox on a thread."""
        with self._collecting(connection) as batch:
            yield
        if batch is None:
            return
        if connection is None:
            await asyncio.to_thread(self.outbox.add, batch.records)
            self._run_handlers(batch.handled)
        elif batch.records:
            await self._through().add_through_async(connection, batch.records, self._after_commit(batch.handled))

    def close(self) -> None:
        self.outbox.close()

    def _serialised(self, payload: Any, event: str | None) -> tuple[str, Any, bytes]:
        """(event name, payload model, its JSON) of what `emit` was given."""
        name = event or self._event_of_type.get(type(payload))
        if name is None or name not in self.events:
            raise ValueError(f"can't tell the event of {type(payload).__name__}; pass event=...")
        info = self.events[name]
        if isinstance(payload, dict):
            payload = info.parse(payload)
        return name, payload, info.dump_json(payload)

    def _record(self, name: str, payload: Any, data: bytes, connection: Any) -> str:
        """Store the event and run its handlers now (or once the connection's transaction commits), or add it to
        the open batch (stored, then handled, when the batch ends; a handler added meanwhile gets only the events
        emitted after it)."""
        batched = self._batched(name, payload, data, connection)
        if batched is not None:
            return batched
        if tracing.enabled():
            with _emit_span(name) as traced:
                return self._store(name, payload, data, connection, traced.traceparent)
        return self._store(name, payload, data, connection, "")

    def _store(self, name: str, payload: Any, data: bytes, connection: Any, trace: str) -> str:
        record, handled = EventRecord(new_event_id(), name, data, time.time(), trace), self._handled(name, payload)
        if connection is None:
            self.outbox.add([record])
            self._run_handlers(handled)
        else:
            self._through().add_through(connection, [record], self._after_commit(handled))
        return record.id

    def _batched(self, name: str, payload: Any, data: bytes, connection: Any) -> str | None:
        """The event's id if it joined the open batch; None if there is none (after checking its size either way)."""
        if len(data) > self.max_payload:
            raise PayloadTooLarge(f"{name} payload is {len(data)} bytes; the limit is {self.max_payload}")
        batch = self._batch.get()
        if batch is None:
            return None
        if connection is not None and connection is not batch.connection:
            raise ValueError("inside a batch every emit goes through the batch's connection: pass it to batch()")
        if not batch.ids_left:
            batch.new_id_block()
        batch.ids_left -= 1
        trace = ""
        if tracing.enabled():  # the span marks the emit; the batch commits later
            with _emit_span(name) as traced:
                trace = traced.traceparent
        record = EventRecord(batch.id_format % next_sequence(), name, data, time.time(), trace)
        batch.records.append(record)
        if name in self._handlers:  # else the payload is let go now: fewer objects kept, for the GC to walk
            batch.handled.append((name, payload))
        return record.id

    def _joined(self, connection: Any) -> bool:
        """Whether a batch is open already (a batch inside it joins it, through the same connection)."""
        batch = self._batch.get()
        if batch is not None and connection is not None and connection is not batch.connection:
            raise ValueError("a batch inside a batch goes through the outer batch's connection")
        return batch is not None

    def _through(self) -> ConnectionOutbox:
        """The outbox, if it can write through the application's connection."""
        if not hasattr(self.outbox, "add_through"):
            kind = type(self.outbox).__name__
            raise TypeError(f"connection= needs the outbox in your PostgreSQL database (postgresql://…), not {kind}")
        return cast(ConnectionOutbox, self.outbox)

    def _handled(self, name: str, payload: Any) -> Handled:
        return [(name, payload)] if name in self._handlers else []

    def _after_commit(self, handled: Handled) -> OnCommit | None:
        return (lambda: self._run_handlers(handled)) if handled else None

    def _run_handlers(self, handled: Sequence[tuple[str, Any]]) -> None:
        for name, payload in handled:
            for handler in self._handlers.get(name, ()):
                try:
                    call_sync(handler, payload)
                except Exception:
                    logger.exception("in-process handler %r failed for %s", handler, name)


def _emit_span(name: str) -> AbstractContextManager[tracing.Traced]:
    """The span of one emit, a child of the caller's current span; its deliveries continue it."""
    return tracing.span(f"emit {name}", kind="producer")


class _Batch:
    """An open batch: its records so far, the payloads its handlers will get, the ids it hands out, and the
    application's connection it is written through (None: the outbox's own)."""

    __slots__ = ("connection", "handled", "id_format", "ids_left", "records")

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.records: list[EventRecord] = []
        self.handled: Handled = []  # (event name, payload) of the events with in-process handlers
        self.id_format, self.ids_left = "", 0

    def new_id_block(self) -> None:
        """Ids as `new_event_id`'s, but the time formatted once for the next ID_BLOCK of them: `id_format % counter`."""
        self.id_format, self.ids_left = id_format(), _ID_BLOCK
