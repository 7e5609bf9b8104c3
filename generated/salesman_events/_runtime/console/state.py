# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""What every page of the console works with: the outbox and its console side, the events of the spec, the audit
log, the quarantine (when given) and the templates."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from ..events.registry import EventInfo
from ..outbox.browsing import Browsable
from ..outbox.interface import Outbox
from ..receive.quarantine import QuarantineStore
from ..receive.relay import RelayApp
from ..wire.redact import without_token
from .audit import AuditEntry, AuditLog
from .auth import SecretsToShow, Session, Sessions
from .overview import SAMPLE_SECONDS, QueueSamples
from .web import HTTPError, Page, WebRequest

__all__ = ["TEMPLATES", "Console"]

logger = logging.getLogger(__name__.split("._runtime", 1)[0] + ".console")
TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every value is escaped: payloads, URLs and errors are other people's text
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = _when
    env.filters["ms"] = _milliseconds
    env.filters["url"] = without_token  # a URL, or any text that may name one: errors, answers, reasons
    return env


def _when(moment: float | None) -> str:
    if moment is None:
        return "—"
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(moment))


def _milliseconds(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:.0f} ms"


@dataclass
class Console:
    outbox: Outbox
    events: Mapping[str, EventInfo[Any]]
    audit: AuditLog
    quarantine: QuarantineStore | None = None
    samples: QueueSamples = field(default_factory=QueueSamples)
    secrets_to_show: SecretsToShow = field(default_factory=SecretsToShow)
    templates: Any = field(default_factory=_environment)
    _relay: RelayApp | None = None

    @property
    def browse(self) -> Browsable:
        return cast(Browsable, self.outbox)

    def relay(self) -> RelayApp:
        """A relay core into this outbox, that replays the quarantine's requests as typed events (never served)."""
        if self._relay is None:
            self._relay = RelayApp(self.events, self.outbox, token="console-replay", quarantine=self.quarantine)
        return self._relay

    def page(self, template: str, request: WebRequest, session: Session | None, **context: Any) -> Page:
        note = request.query.get("note", "")
        if not Sessions.sealed(session, note, request.query.get("sig", "")):
            note = ""  # not written by this console for this session
        html = self.templates.get_template(template).render(request=request, session=session, note=note, **context)
        return Page(html)

    def sample_queue(self, stop: threading.Event) -> None:
        """Read the queue's size every SAMPLE_SECONDS until `stop` is set (for the overview's queue chart)."""
        while not stop.is_set():
            try:
                self.samples.add(self.browse.queue_counts())
            except Exception:  # the outbox unreachable for a while: a gap in the chart
                logger.warning("console: could not read the queue's size", exc_info=True)
            stop.wait(SAMPLE_SECONDS)

    def record(self, session: Session, action: str, **detail: Any) -> None:
        """Write a change to the audit log."""
        self.audit.add(AuditEntry(time.time(), session.user, action, detail))

    def subscription(self, subscription_id: str) -> Any:
        for s in self.outbox.subscriptions():
            if str(s.id) == subscription_id:
                return s
        raise HTTPError(404, f"no subscription {subscription_id}")
