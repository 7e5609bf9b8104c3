# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""What some outbox engines can do beyond `Outbox`, found by the code that uses it (`getattr`, isinstance of these
protocols): record many attempts at once, wake workers on commit, add through the application's own connection."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from .interface import Attempt, Due, EventRecord

__all__ = ["BatchRecording", "ConnectionOutbox", "OnCommit", "Watchable"]


class BatchRecording(Protocol):
    """An outbox that records many attempts in one round trip (a server far from the worker). Optional: the worker
    then records what finished since its last claim together, else each attempt as it ends."""

    def record_all(self, outcomes: Sequence[tuple[Due, Attempt]], owner: str) -> list[bool]:
        """`record` of each (due, attempt); what each returned, in order."""
        ...


class Watchable(Protocol):
    """An outbox that can tell workers at once when new deliveries are committed (PostgreSQL's LISTEN/NOTIFY),
    rather than leaving them to find out at their next poll. Optional: the worker polls anyway."""

    def watch(self, wake: Callable[[], None]) -> Callable[[], None]:
        """Call `wake()` (from any thread) after each commit that made deliveries, for as long as the watch lasts;
        returns the function that ends it."""
        ...


OnCommit = Callable[[], None]


class ConnectionOutbox(Protocol):
    """An outbox in the application's own database, that `add`s through the application's connection inside its
    open transaction: the events exist if, and when, that transaction commits. Optional (PostgreSQL only)."""

    def add_through(self, connection: Any, events: Sequence[EventRecord], on_commit: OnCommit | None = None) -> int:
        """`add` inside the transaction open on `connection` (a sync driver connection); `on_commit` is called
        once that transaction is known to have committed, never if it rolls back."""
        ...

    async def add_through_async(
        self, connection: Any, events: Sequence[EventRecord], on_commit: OnCommit | None = None
    ) -> int:
        """`add_through` for an async driver connection."""
        ...
