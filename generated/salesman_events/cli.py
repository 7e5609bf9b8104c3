# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The `salesman-events` command: listen, send, scaffold handlers."""

from __future__ import annotations

from collections.abc import Sequence

from ._runtime.cli import run
from .events import EVENTS
from .receiver import Receiver

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `salesman-events` and `python -m salesman_events`."""
    return run(argv, events=EVENTS, make_receiver=Receiver, prog="salesman-events", package="salesman_events")
