# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The outbox: where emitted events and their webhook deliveries are durably kept until delivered.

One interface, several engines (SQLite file by default). Everything a worker needs goes through it, so emitters and
workers in different processes share one queue.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from typing import Final, Literal, NamedTuple, Protocol

from ..wire.encoding import FORMATS
from ..wire.signing import checked_secrets

__all__ = [
    "DEFAULT_LEASE_SECONDS",
    "FORMATS",
    "METHODS",
    "PURGE_STEP",
    "Attempt",
    "DeliveryState",
    "Due",
    "EventRecord",
    "Outbox",
    "OutboxError",
    "ReplayClauses",
    "Status",
    "Subscription",
    "SubscriptionStatus",
    "checked_identities",
    "checked_subscription",
    "disabled_reason",
    "failure_text",
    "matches",
    "same_subscription",
    "updated_subscription",
]

DEFAULT_LEASE_SECONDS = 60.0  # an attempt not finished by then is handed to another worker
PURGE_STEP = 500  # deliveries (and as many events) one `purge` call removes at most: a short transaction
DeliveryState = Literal["pending", "delivering", "delivered", "dead", "cancelled"]


class OutboxError(Exception):
    """The outbox can't record what was asked (locked, full, unreachable); nothing already committed is lost."""


METHODS: Final = ("POST", "GET")


def checked_subscription(url: str, events: Sequence[str], method: str, format: str, secrets: Sequence[str] = ()) -> str:
    """The method in upper case, once the subscription's fields (and secrets) are valid; ValueError naming what is
    not."""
    checked_secrets(secrets)
    method = method.upper()
    if not url or method not in METHODS or format not in FORMATS:
        raise ValueError(f"a subscription needs a URL, a method in {METHODS} and a format in {FORMATS}")
    if isinstance(events, str) or not events or not all(isinstance(e, str) and e for e in events):
        raise ValueError(f"a subscription needs a non-empty list of event names or patterns, got {events!r}")
    return method


def same_subscription(
    subscriptions: Iterable[Subscription],
    url: str,
    events: Sequence[str],
    method: str,
    format: str,
    identities: Sequence[int] = (),
) -> Subscription | None:
    """The first subscription that is the same as the one described: the same URL, method, format, events and
    tenants (in any order), which `subscribe` updates rather than adding a second one (that would deliver every event
    twice)."""
    wanted, tenants = sorted(set(events)), sorted(set(identities))
    for s in subscriptions:
        same_target = s.url == url and s.method == method and s.format == format
        if same_target and sorted(set(s.events)) == wanted and sorted(set(s.identities)) == tenants:
            return s
    return None


def checked_identities(identities: Sequence[int]) -> tuple[int, ...]:
    """The tenants a subscription is limited to, sorted, once each is a positive integer; ValueError otherwise."""
    if isinstance(identities, str | bytes) or not all(type(i) is int and i > 0 for i in identities):
        raise ValueError(f"identities are SalesMan tenant ids, positive integers; got {identities!r}")
    return tuple(sorted(set(identities)))


def updated_subscription(existing: Subscription, secrets: Sequence[str]) -> Subscription:
    """`existing` subscribed to again: the secrets given replace its own; none given keep them."""
    return replace(existing, secrets=tuple(secrets) or existing.secrets)


def matches(patterns: Sequence[str], event: str) -> bool:
    """`*` matches every event, `deal.*` every deal event, anything else exactly one event."""
    return any(p == event or (("*" in p or "?" in p) and fnmatch.fnmatchcase(event, p)) for p in patterns)


@dataclass(frozen=True)
class Subscription:
    """A webhook endpoint and the events it wants."""

    id: int
    url: str
    events: tuple[str, ...]  # exact names or patterns: "deal.close", "deal.*", "*"
    method: str = "POST"  # or "GET"
    format: str = "json"  # "json", "form" or "salesman"
    secrets: tuple[str, ...] = ()  # Standard Webhooks secrets; several while rotating
    enabled: bool = True
    disabled_reason: str = ""
    identities: tuple[int, ...] = ()  # the tenants (SalesMan's `identity`) whose events it gets; () for every one
    retire_after: float | None = None  # after this time (unix) only the first secret signs: a rotation's overlap

    def signing_secrets(self, now: float) -> tuple[str, ...]:
        """The secrets that sign a delivery made at `now`: all of them while a rotation overlaps, then the first."""
        if self.retire_after is not None and now >= self.retire_after:
            return self.secrets[:1]
        return self.secrets


class EventRecord(NamedTuple):
    """An emitted event, as stored: `payload` is its JSON text. (A tuple: batches of them are made fast.)"""

    id: str  # also the webhook-id of every delivery of it
    name: str
    payload: bytes
    created_at: float  # unix time
    trace: str = ""  # the W3C `traceparent` of the emit that made it (with tracing on), carried by its deliveries


@dataclass(frozen=True)
class Due:
    """One delivery attempt a worker now holds a lease on."""

    delivery_id: int
    event: EventRecord
    subscription: Subscription
    attempt: int  # 1 for the first attempt


@dataclass(frozen=True)
class Attempt:
    """What one attempt came to; the outbox records it in the delivery log and moves the delivery on."""

    started_at: float
    latency: float  # seconds
    status: int | None  # HTTP status, None when no response (refused, timeout, SSRF)
    response: str  # the response body or the error, truncated
    outcome: Literal["delivered", "retry", "dead", "disable"]
    next_attempt_at: float | None = None  # for "retry"
    request_headers: tuple[tuple[str, str], ...] = ()  # as sent (signatures, never a secret)
    response_headers: tuple[tuple[str, str], ...] = ()  # as answered, bounded (`browsing.MAX_HEADERS`)


@dataclass(frozen=True)
class SubscriptionStatus:
    subscription: Subscription
    pending: int
    oldest_pending_age: float | None  # seconds
    failures: int  # failed attempts recorded
    last_error: str = ""  # what the last failed attempt came to (`failure_text`), "" if none failed
    last_error_at: float | None = None  # when that attempt started (unix time)
    next_attempt_at: float | None = None  # when the soonest pending delivery is due (unix time); None if none waits


@dataclass(frozen=True)
class Status:
    pending: int  # pending or being delivered
    delivered: int
    dead: int
    subscriptions: tuple[SubscriptionStatus, ...] = field(default_factory=tuple)


class Outbox(Protocol):
    """The operations emitters, workers and the CLI need; every method is safe across threads and processes."""

    def add(self, events: Sequence[EventRecord]) -> int:
        """Store events and one pending delivery per matching enabled subscription, in one transaction.
        Returns the number of deliveries. Raises OutboxError without storing anything on failure."""
        ...

    def subscribe(
        self,
        url: str,
        events: Sequence[str],
        *,
        method: str = "POST",
        format: str = "json",
        secrets: Sequence[str] = (),
        allow_duplicate: bool = False,
        identities: Sequence[int] = (),
    ) -> Subscription:
        """A subscription for these events to `url`, limited to the events of the tenants `identities` (SalesMan's
        `identity` of the payload; empty: every event). When one with the same URL, events, method, format and
        identities exists (`same_subscription`), that one is updated and returned (`updated_subscription`: the secrets
        given replace its own) unless `allow_duplicate` asks for a second one. ValueError for invalid fields,
        secrets or identities."""
        ...

    def subscriptions(self) -> list[Subscription]: ...

    def set_enabled(self, subscription_id: int, enabled: bool, reason: str = "") -> None: ...

    def claim(
        self, owner: str, *, limit: int, lease: float = DEFAULT_LEASE_SECONDS, now: float | None = None
    ) -> list[Due]:
        """Lease up to `limit` due deliveries (pending and due, or leased by someone whose lease expired)."""
        ...

    def record(self, due: Due, owner: str, attempt: Attempt) -> bool:
        """Log the attempt and move the delivery on; False (and nothing changed) if `owner` lost the lease."""
        ...

    def release(self, dues: Sequence[Due], owner: str) -> None:
        """Give leases back unattempted (a graceful stop), due again at once."""
        ...

    def replay(
        self,
        *,
        event_id: str | None = None,
        since: float | None = None,
        dead: bool = False,
        pending: bool = False,
        subscription_id: int | None = None,
        delivery_ids: Sequence[int] = (),
    ) -> int:
        """Make deliveries pending and due now, attempts from 0: of one event, of events since a time, every dead one,
        or every pending one (waiting for a retry), of one subscription, or the deliveries named; every criterion given
        must hold (at least one is needed: ValueError). Never leased ones nor those of disabled subscriptions."""
        ...

    def status(self, now: float | None = None) -> Status: ...

    def attempts(self, delivery_id: int) -> list[Attempt]: ...

    def purge(self, before: float, *, limit: int = PURGE_STEP, dead: bool = False) -> int:
        """Remove finished deliveries last changed before `before` (unix time), with their attempt logs: delivered
        and cancelled ones, and dead ones too when `dead` (else dead letters are kept until replayed); then the events
        left without a delivery, and events created before `before` that never had one. At most `limit` deliveries
        and `limit` events per call, so that each call is a short transaction; returns how many deliveries and
        events were removed (call again while it returns something). `status` counts only what is kept. The activity
        rows (`browsing`) of the minutes before `before` go too, uncounted."""
        ...

    def close(self) -> None: ...


def failure_text(status: int | None, response: str) -> str:
    """One line saying what a failed attempt came to: "HTTP 503: busy", or the error when there was no answer."""
    text = " ".join(response.split())[:200]
    return f"HTTP {status}: {text}" if status is not None else text or "no response"


def disabled_reason(status: int | None, url: str) -> str:
    """Why a subscription was disabled by an answer, e.g. "410 Gone from https://example.com/hook"."""
    if status is None:
        return f"disabled after an attempt to {url}"
    try:
        return f"{status} {HTTPStatus(status).phrase} from {url}"
    except ValueError:  # not a registered status code
        return f"{status} from {url}"


class ReplayClauses(NamedTuple):
    """An engine's SQL clauses, one per `Outbox.replay` criterion, added to its replay statement when given."""

    event: str
    since: str
    dead: str
    pending: str
    subscription: str
    deliveries: str

    def chosen(
        self,
        *,
        event_id: str | None,
        since: float | None,
        dead: bool,
        pending: bool,
        subscription_id: int | None,
        delivery_ids: Sequence[int],
    ) -> str:
        """The clauses of the criteria given, joined; ValueError when none is."""
        given = (
            event_id is not None,
            since is not None,
            dead,
            pending,
            subscription_id is not None,
            bool(delivery_ids),
        )
        if not any(given):
            raise ValueError("replay needs event_id, since, dead, pending, subscription_id or delivery_ids")
        return "".join(clause for clause, wanted in zip(self, given, strict=True) if wanted)
