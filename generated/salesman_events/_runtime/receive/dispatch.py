# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""What runs for an accepted event: the handler tables, and the handlers run synchronously or asynchronously."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, NamedTuple

from ..events.handlers import call_sync
from ..events.registry import EventInfo

__all__ = ["Accepted", "CatchAll", "Handler", "HandlerTable", "ReceivedEvent", "run_async", "run_sync"]


class ReceivedEvent(NamedTuple):
    """An accepted event, as catch-all handlers get it."""

    name: str
    id: str  # the webhook-id, or a generated one for senders that send none
    payload: Any


CatchAll = Callable[[ReceivedEvent], Awaitable[None] | None]


Handler = Callable[[Any], Any]


class Accepted(NamedTuple):
    """A request that passed every check: its event, what to run, and the claim to complete or release."""

    event: ReceivedEvent
    handlers: tuple[Handler, ...]  # the event's own, called with the payload
    catch_all: tuple[CatchAll, ...]  # called with the event
    owner: str | None  # the owner token of the seen-id store's claim; None when nothing was claimed

    def calls(self) -> list[tuple[Handler, Any]]:
        event = self.event
        return [(h, event.payload) for h in self.handlers] + [(h, event) for h in self.catch_all]


class HandlerTable:
    """The handlers of each event, and the catch-all handlers of every event."""

    def __init__(self, events: Mapping[str, EventInfo[Any]]) -> None:
        self.events = events
        self._handlers: dict[str, tuple[Handler, ...]] = {}  # tuples: a request dispatches to a snapshot
        self._catch_all: tuple[CatchAll, ...] = ()

    def add_handler(self, name: str, handler: Callable[[Any], Any]) -> None:
        """Run `handler` with the payload of every accepted `name` event."""
        if name not in self.events:
            raise KeyError(f"unknown event {name!r}")
        self._handlers[name] = (*self._handlers.get(name, ()), handler)

    def on_any(self, handler: CatchAll) -> CatchAll:
        """Decorator: run `handler` with every accepted event, after the event's own handlers."""
        self._catch_all = (*self._catch_all, handler)
        return handler

    def register(self, handlers: object, base: type | None = None) -> int:
        """Register each per-event method of `handlers` (those it overrides when it subclasses `base`)."""
        count = 0
        for name, info in self.events.items():
            method = getattr(handlers, info.method, None)
            inherited = getattr(base, info.method, None) if base is not None else None
            if method is None or getattr(type(handlers), info.method, None) is inherited:
                continue
            self.add_handler(name, method)
            count += 1
        return count


def run_sync(accepted: Accepted) -> Exception | None:
    """Run the handlers in turn; async ones to completion on a private event loop. The failure, if one raised."""
    try:
        for handler, argument in accepted.calls():
            call_sync(handler, argument)
    except Exception as exc:
        return exc
    return None


async def run_async(accepted: Accepted) -> Exception | None:
    """Run the handlers in turn, awaiting async ones and sync ones in a worker thread. The failure, if one raised."""
    try:
        for handler, argument in accepted.calls():
            if inspect.iscoroutinefunction(handler):
                await handler(argument)
            else:
                result = await asyncio.to_thread(handler, argument)
                if inspect.isawaitable(result):
                    await result
    except Exception as exc:
        return exc
    return None
