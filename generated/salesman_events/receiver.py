# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Receive events: `Receiver` accepts webhooks as SalesMan servers send them and calls typed handlers."""

from __future__ import annotations

from collections.abc import Sequence

from ._runtime.receive import DEFAULT_MAX_BODY, InvalidPolicy, ReceivedEvent, ReceiverApp
from ._runtime.receive.dedupe import SeenStore
from ._runtime.receive.quarantine import QuarantineStore
from ._runtime.wire import DEFAULT_TOLERANCE_SECONDS
from .events import EVENTS
from .handlers import Handlers, On

__all__ = ["ReceivedEvent", "Receiver"]


class Receiver(ReceiverApp):
    """Accepts webhooks as SalesMan servers send them: an ASGI app (`app.mount("/hooks", receiver)`),
    `receiver.wsgi` for WSGI, or `receiver.handle(request)` for anything else."""

    def __init__(
        self,
        *,
        secrets: Sequence[str] = (),
        token: str | None = None,
        store: SeenStore | None = None,
        max_body: int = DEFAULT_MAX_BODY,
        tolerance: float = DEFAULT_TOLERANCE_SECONDS,
        on_invalid: InvalidPolicy = "quarantine",
        quarantine: QuarantineStore | None = None,
    ) -> None:
        """`token`: the shared token SalesMan sends as `?token=…`; `secrets`: Standard Webhooks secrets instead.
        `on_invalid`: an unsigned request (SalesMan's own) that can't be typed is kept in `quarantine` (in memory
        unless given; pass a SQLite or Redis one to keep it across restarts) and acknowledged, or with "refuse"
        refused with its 4xx. `receiver.replay_quarantined()` runs what was kept through today's models."""
        super().__init__(
            EVENTS,
            secrets=secrets,
            token=token,
            store=store,
            max_body=max_body,
            tolerance=tolerance,
            on_invalid=on_invalid,
            quarantine=quarantine,
        )
        self.on = On(self)

    def register(self, handlers: object, base: type | None = Handlers) -> int:
        """Register the per-event methods `handlers` overrides; returns how many."""
        return super().register(handlers, base)
