# DO NOT EDIT: generated from salesman-events.asyncapi.yaml (sha256 0ff15d59f4fb2739) by the generator
"""Receive events: `Receiver` accepts webhooks as SalesMan servers send them and calls typed handlers."""

from __future__ import annotations

from collections.abc import Sequence

from ._runtime.dedupe import SeenStore
from ._runtime.receiver import DEFAULT_MAX_BODY, ReceivedEvent, ReceiverCore
from ._runtime.signing import DEFAULT_TOLERANCE_SECONDS
from .events import EVENTS
from .handlers import Handlers, On

__all__ = ["ReceivedEvent", "Receiver"]


class Receiver(ReceiverCore):
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
    ) -> None:
        super().__init__(EVENTS, secrets=secrets, token=token, store=store, max_body=max_body, tolerance=tolerance)
        self.on = On(self)

    def register(self, handlers: object, base: type | None = Handlers) -> int:
        """Register the per-event methods `handlers` overrides; returns how many."""
        return super().register(handlers, base)
