# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""What a receiver or a relay tells an observer (metrics, an operator's own counters) about the requests it serves."""

from __future__ import annotations

from typing import Protocol

__all__ = ["RequestObserver"]


class RequestObserver(Protocol):
    """Told of every request as it is answered, on the serving thread or event loop: quick, never blocking or raising.

    `event` is the event the request named when that is one of the receiver's events, else "" (not read yet, or
    unknown: a sender's arbitrary names never become labels)."""

    def answered(self, event: str, status: int) -> None:
        """A request was answered with HTTP `status`."""
        ...

    def quarantined(self, event: str) -> None:
        """A request that could not be typed was kept in the quarantine (and is answered 202)."""
        ...

    def relayed(self, event: str) -> None:
        """The relay committed an event to the outbox (a relay's observer only)."""
        ...
