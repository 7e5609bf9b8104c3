# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The console's pages that only read: overview, subscriptions, deliveries, one delivery, dead letters and the
quarantine, the event catalog and the audit log."""

from __future__ import annotations

import json
import time
from typing import Any, Final, cast, get_args

from markupsafe import Markup

from ..outbox.browsing import DeliveryQuery
from ..outbox.interface import DeliveryState, matches
from ..wire.encoding import FORMATS, stored_delivery
from ..wire.signing import fingerprint
from .auth import Session
from .charts import bars, lines
from .overview import HEALTH_SECONDS, WINDOWS, endpoint_health, series
from .state import Console
from .web import HTTPError, Page, WebRequest, parse_id, parse_moment

__all__ = [
    "audit",
    "catalog",
    "dead",
    "deliveries",
    "delivery",
    "new_secret",
    "overview",
    "subscription",
    "subscriptions",
]

STATES: Final = get_args(DeliveryState)
LISTED: Final = 100  # dead letters and kept requests a page lists


def overview(c: Console, request: WebRequest, session: Session) -> Page:
    window = request.query.get("window", "hour")
    if window not in WINDOWS:
        raise HTTPError(400, f"window is one of {', '.join(WINDOWS)}")
    span, step = WINDOWS[window]
    now = time.time()
    s = series(c.browse.activity(now - span, now, step), now - span, now, step)
    day = c.browse.activity(now - HEALTH_SECONDS, now, HEALTH_SECONDS)  # one row per subscription and bucket
    health = endpoint_health(c.outbox.subscriptions(), day, c.browse.last_failures())
    counts = c.browse.queue_counts(now)
    c.samples.add(counts, now)
    sampled = c.samples.since(now - span)
    queue_starts = [int(at) for at, _ in sampled]
    charts = {
        "deliveries": bars(f"Attempts per {step // 60} min", s.starts, [("ok", s.delivered), ("bad", s.failed)]),
        "latency": lines("Attempt latency p50 / p99", s.starts, [("p50", s.p50), ("p99", s.p99)], "s"),
        "queue": lines(
            "Queue depth, due, dead (as this console saw it)",
            queue_starts,
            [(k, [float(getattr(q, k)) for _, q in sampled]) for k in ("depth", "due", "dead")],
            "",
        ),
    }
    template = "overview_live.html" if request.query.get("partial") else "overview.html"
    context = {"charts": {k: Markup(v) for k, v in charts.items()}, "totals": s.totals, "health": health}
    return c.page(template, request, session, window=window, windows=list(WINDOWS), counts=counts, **context)


def subscriptions(c: Console, request: WebRequest, session: Session) -> Page:
    event, identity = request.query.get("event", "").strip(), request.query.get("identity", "").strip()
    shown = c.outbox.subscriptions()
    if event:
        shown = [s for s in shown if event in s.events or matches(s.events, event)]
    if identity:
        tenant = parse_id(identity, "identity (a SalesMan tenant id)")
        shown = [s for s in shown if not s.identities or tenant in s.identities]
    return c.page(
        "subscriptions.html", request, session, subscriptions=shown, event=event, identity=identity, formats=FORMATS
    )


def subscription(c: Console, request: WebRequest, session: Session, subscription_id: str) -> Page:
    s = c.subscription(subscription_id)
    return c.page(
        "subscription.html",
        request,
        session,
        s=s,
        fingerprints=[fingerprint(secret) for secret in s.secrets],
        events=sorted(c.events),
        formats=FORMATS,
        now=time.time(),
    )


def _moment(text: str, name: str) -> float | None:
    return parse_moment(text, name) if text else None


def _number(text: str, name: str) -> int | None:
    return parse_id(text, name) if text else None


def deliveries(c: Console, request: WebRequest, session: Session) -> Page:
    q = request.query
    state = q.get("state", "")
    if state and state not in STATES:
        raise HTTPError(400, f"state is one of {', '.join(STATES)}")
    query = DeliveryQuery(
        event_id=q.get("event_id") or None,
        event=q.get("event") or None,
        subscription_id=_number(q.get("subscription", ""), "subscription"),
        state=cast(DeliveryState, state) if state else None,
        since=_moment(q.get("since", ""), "since"),
        until=_moment(q.get("until", ""), "until"),
        before=_number(q.get("before", ""), "before"),
    )
    found = c.browse.deliveries(query)
    more = {k: v for k, v in q.items() if k not in ("before", "partial", "note", "sig")}
    template = "deliveries_live.html" if q.get("partial") else "deliveries.html"
    return c.page(template, request, session, page=found, query=q, more=more, states=STATES, urls=_urls(c))


def _urls(c: Console) -> dict[int, str]:
    return {s.id: s.url for s in c.outbox.subscriptions()}


def delivery(c: Console, request: WebRequest, session: Session, delivery_id: str) -> Page:
    detail = c.browse.delivery(int(delivery_id))
    if detail is None:
        raise HTTPError(404, f"no delivery {delivery_id} (delivered ones are purged after the retention time)")
    sub = detail.subscription
    sent = stored_delivery(detail.event.name, detail.event.payload, fmt=sub.format, method=sub.method)
    body = sent.query if sent.query else sent.body.decode("utf-8", "replace")
    pretty = json.dumps(json.loads(detail.event.payload), ensure_ascii=False, indent=2)
    return c.page("delivery.html", request, session, d=detail, payload=pretty, body=body)


def dead(c: Console, request: WebRequest, session: Session) -> Page:
    letters = c.browse.deliveries(DeliveryQuery(state="dead", limit=LISTED))
    kept = c.quarantine.find(limit=LISTED) if c.quarantine is not None else []
    kept_count = c.quarantine.count() if c.quarantine is not None else 0
    return c.page(
        "dead.html", request, session, letters=letters, kept=kept, kept_count=kept_count, urls=_urls(c),
        quarantine=c.quarantine is not None,
    )  # fmt: skip


def catalog(c: Console, request: WebRequest, session: Session) -> Page:
    lang = request.query.get("lang", "en")
    if lang not in ("en", "ru"):
        raise HTTPError(400, "lang is en or ru")
    groups: dict[str, list[Any]] = {}
    for info in c.events.values():
        groups.setdefault(info.group, []).append(info)
    examples = {name: json.dumps(json.loads(i.example), ensure_ascii=False, indent=2) if i.example else ""
                for name, i in c.events.items()}  # fmt: skip
    return c.page("catalog.html", request, session, groups=groups, lang=lang, examples=examples)


def audit(c: Console, request: WebRequest, session: Session) -> Page:
    return c.page("audit.html", request, session, entries=c.audit.recent())


def new_secret(c: Console, request: WebRequest, session: Session, subscription_id: str) -> Page:
    """A secret just made, shown this once; afterwards the page says it is gone."""
    s = c.subscription(subscription_id)
    secret = c.secrets_to_show.take(session.id, s.id)
    return c.page("secret.html", request, session, s=s, secret=secret)
