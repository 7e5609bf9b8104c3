# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The receiver as an application: the framework-free core, served over ASGI and WSGI, with its quarantine's replay."""

from __future__ import annotations

from .asgi import serve_asgi
from .core import ReceiverCore
from .replay import ReplayReport, replay_quarantined
from .wsgi import WSGIApp

__all__ = ["ReceiverApp"]


class ReceiverApp(ReceiverCore):
    """A `ReceiverCore` that is an ASGI app (`receiver(scope, receive, send)`) and has `.wsgi`, a WSGI app."""

    __call__ = serve_asgi  # the ASGI app itself, without a coroutine in between

    @property
    def wsgi(self) -> WSGIApp:
        return WSGIApp(self)

    def replay_quarantined(
        self, *, event: str | None = None, since: float | None = None, limit: int | None = None
    ) -> ReplayReport:
        """Run the quarantine's kept requests through today's models and handlers (see `replay_quarantined`)."""
        return replay_quarantined(self, event=event, since=since, limit=limit)
