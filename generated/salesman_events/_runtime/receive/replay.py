# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Replaying the quarantine: each kept request through today's models and handlers, with the outcome of each."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from ..wire.messages import Response

if TYPE_CHECKING:
    from .core import ReceiverCore

__all__ = ["ReplayReport", "Replayed", "replay_quarantined"]

Outcome = Literal["handled", "duplicate", "still_kept", "handler_failed"]


@dataclass(frozen=True)
class Replayed:
    """What became of one kept request."""

    id: str
    event: str
    outcome: Outcome
    reason: str = ""  # for still_kept: why, as the receiver would refuse it now


@dataclass
class ReplayReport:
    """The outcome of each kept request a replay took, in the order taken."""

    replayed: list[Replayed] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.replayed if r.outcome == outcome)

    def line(self) -> str:
        outcomes: tuple[Outcome, ...] = ("handled", "duplicate", "still_kept", "handler_failed")
        counts = ", ".join(f"{o.replace('_', ' ')} {self.count(o)}" for o in outcomes)
        return f"replayed {len(self.replayed)}: {counts}"


def replay_quarantined(
    core: ReceiverCore,
    *,
    event: str | None = None,
    since: float | None = None,
    limit: int | None = None,
    ids: Sequence[str] = (),
) -> ReplayReport:
    """Replay the kept requests of `core`'s quarantine (of one event, received since a time, at most `limit`; or
    those of `ids`, the others of them being gone already).

    A request that now types is handled and leaves the quarantine (a duplicate of one handled before leaves it
    too); one that still does not stays, with today's reason; one whose handler fails stays as it was, to be
    replayed again."""
    report = ReplayReport()
    store = core.quarantine
    if store is None:
        return report
    chosen = [store.get(i) for i in ids] if ids else store.find(event=event, since=since, limit=limit)
    for kept in (k for k in chosen if k is not None):
        response = core.replay(kept)
        outcome, reason = _outcome(response)
        if outcome in ("handled", "duplicate"):
            store.remove(kept.id)
        elif outcome == "still_kept":
            store.update(kept.id, reason, json.dumps(_detail(response), ensure_ascii=False))
        report.replayed.append(Replayed(kept.id, kept.event, outcome, reason))
    return report


def _outcome(response: Response) -> tuple[Outcome, str]:
    if response.status == 200:
        return ("duplicate" if response.json().get("duplicate") else "handled"), ""
    if response.status >= 500:
        return "handler_failed", ""
    return "still_kept", str(response.json().get("error", response.status))


def _detail(response: Response) -> object:
    return response.json().get("detail")
