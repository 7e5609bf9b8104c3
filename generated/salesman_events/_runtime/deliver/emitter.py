# DO NOT EDIT: generated from salesman-events.asyncapi.yaml (sha256 0ff15d59f4fb2739) by the generator
"""The emitter: record an event durably in the outbox, run in-process handlers, and let workers deliver it."""

from __future__ import annotations

import itertools
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Final

from ..events.handlers import call_sync
from ..events.registry import EventInfo
from ..outbox import EventRecord, Outbox, open_outbox

__all__ = ["DEFAULT_MAX_PAYLOAD", "DEFAULT_OUTBOX", "EmitterCore", "PayloadTooLarge", "new_event_id"]

DEFAULT_OUTBOX = "sqlite:///outbox.db"
DEFAULT_MAX_PAYLOAD = 256 * 1024
logger = logging.getLogger(__name__.split("._runtime", 1)[0] + ".emitter")


class PayloadTooLarge(ValueError):
    """An event whose JSON payload exceeds the emitter's limit; nothing was recorded."""


_PROCESS_TAG = os.urandom(4).hex()  # with the time and a counter, unique across processes and machines
_sequence = itertools.count()
_ID_FORMAT: Final = f"msg_%016x{_PROCESS_TAG}%06x"  # "msg_<time in ns><tag><counter>", hex
_ID_BLOCK: Final = 4096  # a batch's ids share a time this many at a time: far fewer than the counter's 16.7 M


def new_event_id() -> str:
    """A unique, time-ordered id; also the webhook-id of every delivery of the event."""
    return _ID_FORMAT % (time.time_ns(), next(_sequence) & 0xFFFFFF)


class EmitterCore:
    """Fires events: each `emit` returns once the event and its deliveries are committed to the outbox."""

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
        self._batch = threading.local()

    def add_handler(self, name: str, handler: Callable[[Any], Any]) -> None:
        """Run `handler` in-process with the payload of every `name` event emitted here."""
        if name not in self.events:
            raise KeyError(f"unknown event {name!r}")
        self._handlers.setdefault(name, []).append(handler)

    def emit(self, payload: Any, *, event: str | None = None) -> str:
        """Emit a payload model (its class names the event, or `event` does); returns the event id."""
        name = event or self._event_of_type.get(type(payload))
        if name is None or name not in self.events:
            raise ValueError(f"can't tell the event of {type(payload).__name__}; pass event=...")
        info = self.events[name]
        if isinstance(payload, dict):
            payload = info.parse(payload)
        return self._record(name, payload, info.dump_json(payload))

    def emit_fields(self, name: str, fields: dict[str, Any]) -> str:
        """Emit `name` with a payload validated from `fields` (keys as the typed methods' keywords); returns the
        event id. What every typed method (`emitter.deal_close(...)`) calls; pydantic.ValidationError if invalid."""
        parse, to_json = self._codecs[name]
        payload = parse(fields)
        return self._record(name, payload, to_json(payload, exclude_unset=True))

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Emits inside the block (typed methods or `emit`, on this thread) are committed together when it ends,
        then their handlers run. Each emit still validates and serialises its payload at once (an invalid one
        raises there) and returns its event id; when the block ends, every event and its deliveries are committed
        in one transaction, all or none: `batch` returns only after the commit, and an exception in the block
        stores nothing. Batches inside a batch join it. The fast way to emit many events, e.g. an import:

            with emitter.batch():
                for row in rows:
                    emitter.client_add(clid=row.id, autor=row.author)
        """
        if getattr(self._batch, "open", None) is not None:
            yield
            return
        self._batch.open = batch = _Batch()
        try:
            yield
            self.outbox.add(batch.records)
        finally:
            self._batch.open = None
        for name, payload in batch.handled:
            self._run_handlers(name, payload)

    def close(self) -> None:
        self.outbox.close()

    def _record(self, name: str, payload: Any, data: bytes) -> str:
        """Store the event and run its handlers now, or add it to this thread's open batch (stored, then handled,
        when the batch ends; a handler added meanwhile gets only the events emitted after it)."""
        if len(data) > self.max_payload:
            raise PayloadTooLarge(f"{name} payload is {len(data)} bytes; the limit is {self.max_payload}")
        batch: _Batch | None = getattr(self._batch, "open", None)
        if batch is not None:
            if not batch.ids_left:
                batch.new_id_block()
            batch.ids_left -= 1
            record = EventRecord(batch.id_format % (next(_sequence) & 0xFFFFFF), name, data, time.time())
            batch.records.append(record)
            if name in self._handlers:  # else the payload is let go now: fewer objects kept, for the GC to walk
                batch.handled.append((name, payload))
            return record.id
        record = EventRecord(new_event_id(), name, data, time.time())
        self.outbox.add([record])
        self._run_handlers(name, payload)
        return record.id

    def _run_handlers(self, name: str, payload: Any) -> None:
        for handler in self._handlers.get(name, ()):
            try:
                call_sync(handler, payload)
            except Exception:
                logger.exception("in-process handler %r failed for %s", handler, name)


class _Batch:
    """A thread's open batch: its records so far, the payloads its handlers will get, and the ids it hands out."""

    __slots__ = ("handled", "id_format", "ids_left", "records")

    def __init__(self) -> None:
        self.records: list[EventRecord] = []
        self.handled: list[tuple[str, Any]] = []  # (event name, payload) of the events with in-process handlers
        self.id_format, self.ids_left = "", 0

    def new_id_block(self) -> None:
        """Ids as `new_event_id`'s, but the time formatted once for the next ID_BLOCK of them: `id_format % counter`."""
        self.id_format, self.ids_left = f"msg_{time.time_ns():016x}{_PROCESS_TAG}%06x", _ID_BLOCK
