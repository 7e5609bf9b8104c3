# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""What a worker tells an observer (metrics, an operator's own counters) about the attempts it makes."""

from __future__ import annotations

from typing import Protocol

from ..outbox.interface import Attempt, Due

__all__ = ["AttemptObserver"]


class AttemptObserver(Protocol):
    """Told of every attempt once the outbox has it, on the worker's event loop: keep it quick, never block (what it
    raises is logged)."""

    def recorded(self, due: Due, attempt: Attempt, kept: bool) -> None:
        """`attempt` at `due` was recorded; `kept` is False when the worker had lost the lease (nothing changed)."""
        ...
