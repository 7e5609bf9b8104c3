# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""What an operator reads and changes of an outbox (the console, the health policy): deliveries found by event,
endpoint, state and time, one delivery with its attempts, the activity per minute and endpoint, the queue's size,
and a subscription edited in place.

Activity is kept by the engines as they record attempts, one row per (minute, subscription, latency bucket), so
that charts over an hour or a day, success rates and the health policy read a few thousand rows, never the
attempt log itself. The last failure of each subscription is kept the same way (`LastFailure`).
"""

from __future__ import annotations

import bisect
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Final, Literal, Protocol

from .interface import (
    Attempt,
    DeliveryState,
    Due,
    EventRecord,
    Subscription,
    checked_identities,
    checked_subscription,
)

__all__ = [
    "ACTIVITY_MINUTE",
    "DEFAULT_PAGE",
    "DEFAULT_SCAN",
    "KEEP",
    "LATENCY_BOUNDS",
    "ActivityRow",
    "Browsable",
    "DeliveryDetail",
    "DeliveryPage",
    "DeliveryQuery",
    "DeliveryRow",
    "Keep",
    "LastFailure",
    "QueueCounts",
    "activity_increments",
    "activity_key",
    "attempt_from_log",
    "checked_step",
    "edited_subscription",
    "headers_text",
    "latency_bucket",
]

ACTIVITY_MINUTE: Final = 60  # seconds in one activity row
# Upper bounds (seconds) of the latency buckets of the activity rows and the metrics; the last bucket has no bound.
LATENCY_BOUNDS: Final = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
DEFAULT_PAGE: Final = 50  # deliveries a search returns at once
# Deliveries a search looks at, newest first, before it stops and says where to go on (`DeliveryPage.next_before`):
# a rare match among a million rows answers in bounded time rather than after a scan of everything.
DEFAULT_SCAN: Final = 50_000
MAX_HEADERS: Final = 40  # response headers kept of an attempt
MAX_HEADER_CHARS: Final = 300  # of each value


@dataclass(frozen=True)
class DeliveryQuery:
    """A search of deliveries, newest first: every criterion given must hold."""

    event_id: str | None = None
    event: str | None = None  # an event name, or a pattern (`deal.*`)
    subscription_id: int | None = None
    state: DeliveryState | None = None
    since: float | None = None  # the event created at or after (unix time)
    until: float | None = None  # ... and before
    before: int | None = None  # only deliveries with a smaller id (the next page)
    limit: int = DEFAULT_PAGE
    scan: int = DEFAULT_SCAN  # deliveries looked at, at most, below `before`


@dataclass(frozen=True)
class DeliveryRow:
    """One delivery, as a listing shows it."""

    id: int
    event_id: str
    event: str
    subscription_id: int
    state: DeliveryState
    attempts: int
    created_at: float  # the event's creation (unix time)
    updated_at: float
    next_attempt_at: float | None  # when pending: when it is due
    last_status: int | None


@dataclass(frozen=True)
class DeliveryPage:
    rows: tuple[DeliveryRow, ...]
    next_before: int | None  # `DeliveryQuery.before` of the next page; None when nothing older is left


@dataclass(frozen=True)
class DeliveryDetail:
    row: DeliveryRow
    event: EventRecord
    subscription: Subscription
    attempts: tuple[Attempt, ...]  # oldest first


@dataclass(frozen=True)
class ActivityRow:
    """The attempts one subscription made in one minute whose latency fell in one bucket."""

    minute: int  # unix time of the minute's start, a multiple of ACTIVITY_MINUTE
    subscription_id: int
    bucket: int  # index into LATENCY_BOUNDS; len(LATENCY_BOUNDS) for slower ones
    delivered: int
    failed: int


@dataclass(frozen=True)
class LastFailure:
    """A subscription's most recent failed attempt."""

    subscription_id: int
    status: int | None
    response: str
    started_at: float


@dataclass(frozen=True)
class QueueCounts:
    depth: int  # pending or being delivered
    due: int  # pending and due now
    dead: int


class Keep:
    """The "leave it as it is" of `Browsable.update_subscription`'s arguments."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Final = Keep()


class Browsable(Protocol):
    """The console's side of an outbox (every engine has it); safe across threads and processes."""

    def deliveries(self, query: DeliveryQuery) -> DeliveryPage: ...

    def delivery(self, delivery_id: int) -> DeliveryDetail | None: ...

    def activity(self, since: float, until: float | None = None, step: int = ACTIVITY_MINUTE) -> list[ActivityRow]:
        """The activity rows of the minutes from `since` (rounded down to its minute) to `until` (now if None),
        summed into intervals of `step` seconds (`checked_step`): a row's `minute` is then its interval's start, a
        multiple of `step`."""
        ...

    def last_failures(self) -> dict[int, LastFailure]:
        """The last failed attempt of each subscription that ever failed, by subscription id."""
        ...

    def queue_counts(self, now: float | None = None) -> QueueCounts: ...

    def add_to(self, subscription_id: int, events: Sequence[EventRecord]) -> int:
        """Store `events` with one pending delivery each, to that subscription only, whatever its events and tenants
        (a test event); in one transaction. KeyError for an unknown id, ValueError for a disabled subscription."""
        ...

    def update_subscription(
        self,
        subscription_id: int,
        *,
        url: str | Keep = KEEP,
        events: Sequence[str] | Keep = KEEP,
        method: str | Keep = KEEP,
        format: str | Keep = KEEP,
        identities: Sequence[int] | Keep = KEEP,
        secrets: Sequence[str] | Keep = KEEP,
        retire_after: float | Keep | None = KEEP,
    ) -> Subscription:
        """The subscription with the fields given changed (`edited_subscription`), stored; KeyError for an unknown
        id, ValueError for invalid fields. Its deliveries already made keep going to it."""
        ...


def edited_subscription(
    existing: Subscription,
    *,
    url: str | Keep = KEEP,
    events: Sequence[str] | Keep = KEEP,
    method: str | Keep = KEEP,
    format: str | Keep = KEEP,
    identities: Sequence[int] | Keep = KEEP,
    secrets: Sequence[str] | Keep = KEEP,
    retire_after: float | Keep | None = KEEP,
) -> Subscription:
    """`existing` with the fields given replaced, once all of them are valid together; ValueError otherwise."""
    changes: dict[str, Any] = {
        "url": url,
        "events": events if isinstance(events, Keep) else tuple(events),
        "method": method,
        "format": format,
        "identities": identities if isinstance(identities, Keep) else checked_identities(identities),
        "secrets": secrets if isinstance(secrets, Keep) else tuple(secrets),
        "retire_after": retire_after,
    }
    edited = replace(existing, **{name: value for name, value in changes.items() if not isinstance(value, Keep)})
    method_checked = checked_subscription(edited.url, edited.events, edited.method, edited.format, edited.secrets)
    return replace(edited, method=method_checked)


def checked_step(step: int) -> int:
    """`step`, once it is a positive multiple of ACTIVITY_MINUTE; ValueError otherwise."""
    if type(step) is not int or step <= 0 or step % ACTIVITY_MINUTE:
        raise ValueError(f"an activity step is a positive multiple of {ACTIVITY_MINUTE} seconds, got {step!r}")
    return step


def latency_bucket(latency: float) -> int:
    """The index of the first latency bucket whose bound is at least `latency`."""
    return bisect.bisect_left(LATENCY_BOUNDS, latency)


def activity_key(due: Due, attempt: Attempt) -> tuple[int, int, int]:
    """The (minute, subscription id, latency bucket) of the activity row an attempt counts in."""
    minute = int(attempt.started_at // ACTIVITY_MINUTE) * ACTIVITY_MINUTE
    return minute, due.subscription.id, latency_bucket(attempt.latency)


def activity_increments(recorded: Iterable[tuple[Due, Attempt]]) -> list[tuple[int, int, int, int, int]]:
    """(minute, subscription id, bucket, delivered, failed) to add to the activity rows for attempts just recorded,
    one per row touched, sorted (so that concurrent writers lock rows in one order)."""
    counts: Counter[tuple[int, int, int, bool]] = Counter()
    for due, attempt in recorded:
        counts[(*activity_key(due, attempt), attempt.outcome == "delivered")] += 1
    rows: dict[tuple[int, int, int], list[int]] = {}
    for (minute, sid, bucket, delivered), n in counts.items():
        row = rows.setdefault((minute, sid, bucket), [0, 0])
        row[0 if delivered else 1] += n
    return [(*key, delivered, failed) for key, (delivered, failed) in sorted(rows.items())]


def headers_text(attempt: Attempt) -> str:
    """An attempt's request and response headers as the text an engine stores ("" when it has none)."""
    if not attempt.request_headers and not attempt.response_headers:
        return ""
    response = [(k, v[:MAX_HEADER_CHARS]) for k, v in attempt.response_headers[:MAX_HEADERS]]
    return json.dumps([list(map(list, attempt.request_headers)), list(map(list, response))], ensure_ascii=False)


def attempt_from_log(
    started_at: float,
    latency: float,
    status: int | None,
    response: str,
    outcome: str,
    next_attempt_at: float | None,
    headers: str = "",
) -> Attempt:
    """An attempt as an engine read it back from its log (`headers`: what `headers_text` made)."""
    request: tuple[tuple[str, str], ...] = ()
    answer: tuple[tuple[str, str], ...] = ()
    if headers:
        sent, got = json.loads(headers)
        request, answer = tuple((k, v) for k, v in sent), tuple((k, v) for k, v in got)
    kind: Literal["delivered", "retry", "dead", "disable"] = outcome  # type: ignore[assignment]
    return Attempt(started_at, latency, status, response, kind, next_attempt_at, request, answer)
