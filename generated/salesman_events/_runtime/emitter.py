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
from typing import Any

from .handlers import call_sync
from .outbox import EventRecord, Outbox
from .registry import EventInfo

__all__ = ["DEFAULT_MAX_PAYLOAD", "DEFAULT_OUTBOX", "EmitterCore", "PayloadTooLarge", "new_event_id"]

DEFAULT_OUTBOX = "sqlite:///outbox.db"
DEFAULT_MAX_PAYLOAD = 256 * 1024
logger = logging.getLogger(__name__.split("._runtime", 1)[0] + ".emitter")


class PayloadTooLarge(ValueError):
    """An event whose JSON payload exceeds the emitter's limit; nothing was recorded."""


_PROCESS_TAG = os.urandom(4).hex()  # with the time and a counter, unique across processes and machines
_sequence = itertools.count()


def new_event_id() -> str:
    """A unique, time-ordered id; also the webhook-id of every delivery of the event."""
    return f"msg_{time.time_ns():016x}{_PROCESS_TAG}{next(_sequence) & 0xFFFFFF:06x}"


def open_outbox(url: str) -> Outbox:
    """An outbox by URL: `sqlite:///relative.db`, `sqlite:////absolute.db`, `redis://host:port/db` (`rediss://`)."""
    if url.startswith("sqlite:"):
        from .sqlite_outbox import open_sqlite

        return open_sqlite(url)
    if url.startswith(("redis://", "rediss://")):
        from .redis_outbox import open_redis

        return open_redis(url)
    raise ValueError(f"unsupported outbox URL {url!r}: use sqlite:///path.db or redis://host:port/db")


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
        record = self._record(name, payload)
        pending: list[tuple[EventRecord, Any]] | None = getattr(self._batch, "records", None)
        if pending is not None:
            pending.append((record, payload))
            return record.id
        self.outbox.add([record])
        self._run_handlers(name, payload)
        return record.id

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Emits inside the block are committed together when it ends (all or none), then handlers run."""
        if getattr(self._batch, "records", None) is not None:
            yield
            return
        self._batch.records = []
        try:
            yield
            records: list[tuple[EventRecord, Any]] = self._batch.records
            self.outbox.add([record for record, _ in records])
        finally:
            self._batch.records = None
        for record, payload in records:
            self._run_handlers(record.name, payload)

    def close(self) -> None:
        self.outbox.close()

    def _record(self, name: str, payload: Any) -> EventRecord:
        info = self.events[name]
        data = info.dump_json(info.parse(payload) if isinstance(payload, dict) else payload)
        if len(data) > self.max_payload:
            raise PayloadTooLarge(f"{name} payload is {len(data)} bytes; the limit is {self.max_payload}")
        return EventRecord(new_event_id(), name, data, time.time())

    def _run_handlers(self, name: str, payload: Any) -> None:
        for handler in self._handlers.get(name, ()):
            try:
                call_sync(handler, payload)
            except Exception:
                logger.exception("in-process handler %r failed for %s", handler, name)
