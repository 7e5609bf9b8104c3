# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Typed handler registration shared by the receiver and the emitter."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from typing import Any, Generic, Protocol, TypeVar

__all__ = ["Handler", "HandlerRegistry", "Registrar", "call_sync"]

P = TypeVar("P")
Handler = Callable[[P], Awaitable[None] | None]


class HandlerRegistry(Protocol):
    def add_handler(self, name: str, handler: Callable[[Any], Any]) -> None: ...


class Registrar(Generic[P]):
    """`@obj.on.deal_close`: registers a handler of one event's payload type."""

    __slots__ = ("_name", "_registry")

    def __init__(self, registry: HandlerRegistry, name: str) -> None:
        self._registry = registry
        self._name = name

    def __call__(self, handler: Handler[P]) -> Handler[P]:
        self._registry.add_handler(self._name, handler)
        return handler


_background: set[asyncio.Task[None]] = set()


def call_sync(handler: Callable[[Any], Any], argument: Any) -> None:
    """Call a sync or async handler from synchronous code. An async one runs to completion on its own loop, or,
    when called inside a running event loop, as a task of that loop."""
    result = handler(argument)
    if not inspect.isawaitable(result):
        return
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(_wait(result))
        return
    task = loop.create_task(_wait(result))
    _background.add(task)
    task.add_done_callback(_background.discard)


async def _wait(result: Awaitable[Any]) -> None:
    await result
