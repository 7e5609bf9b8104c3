# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The console's changes (every one a POST that carried the session's CSRF token, and an audit log entry):
subscriptions made, edited, disabled and enabled, their secrets rotated, test events sent, deliveries and kept
requests replayed."""

from __future__ import annotations

import json
import re
import time
import uuid
from typing import Any
from urllib.parse import quote, urlsplit

from ..outbox.interface import EventRecord
from ..receive.replay import replay_quarantined
from ..wire.redact import without_token
from ..wire.signing import new_secret
from .auth import Session, Sessions
from .state import Console
from .web import HTTPError, Page, WebRequest, parse_id, parse_moment

__all__ = [
    "create_subscription",
    "disable_subscription",
    "edit_subscription",
    "enable_subscription",
    "replay_dead",
    "replay_delivery",
    "replay_quarantine",
    "rotate_secret",
    "send_test_event",
]

DEFAULT_OVERLAP_HOURS = 24.0  # how long a rotated-out secret still signs


def _done(session: Session, location: str, note: str) -> Page:
    """On to `location`, with a note of what was done (sealed: only the console's own notes are shown)."""
    joiner = "&" if "?" in location else "?"
    return Page.redirect(f"{location}{joiner}note={quote(note)}&sig={Sessions.seal(session, note)}")


def _list(text: str) -> list[str]:
    return [part for part in re.split(r"[\s,]+", text) if part]


def _identities(text: str) -> list[int]:
    return [parse_id(p, "a tenant (a SalesMan identity, tenants separated by commas)") for p in _list(text)]


def _url(text: str) -> str:
    """`text`, once it is a web address: anything else would only ever fail to be delivered to."""
    try:
        parts = urlsplit(text)
        web = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:  # an odd port or bracket
        web = False
    if not web:
        raise HTTPError(400, "the URL is a web address: http:// or https:// and a host")
    return text


def _invalid(error: ValueError) -> HTTPError:
    return HTTPError(400, str(error))


def _show_once(c: Console, session: Session, subscription_id: int, secret: str) -> Page:
    """To the one page that ever shows a secret, which takes it (a reload, or going back, finds it gone)."""
    c.secrets_to_show.keep(session.id, subscription_id, secret)
    return Page.redirect(f"/subscriptions/{subscription_id}/secret")


def create_subscription(c: Console, request: WebRequest, session: Session) -> Page:
    secret = new_secret() if request.arg("sign") else None
    try:
        made = c.outbox.subscribe(
            _url(request.arg("url")),
            _list(request.arg("events")),
            method=request.arg("method", "POST"),
            format=request.arg("format", "json"),
            secrets=[secret] if secret else [],
            identities=_identities(request.arg("identities")),
        )
    except ValueError as error:
        raise _invalid(error) from None
    c.record(session, "subscription.create", id=made.id, url=without_token(made.url), events=list(made.events),
             method=made.method, format=made.format, identities=list(made.identities), signed=bool(secret))  # fmt: skip
    if secret:
        return _show_once(c, session, made.id, secret)
    return _done(session, f"/subscriptions/{made.id}", f"subscription {made.id} saved")


def edit_subscription(c: Console, request: WebRequest, session: Session, subscription_id: str) -> Page:
    s = c.subscription(subscription_id)
    changes: dict[str, Any] = {
        "events": _list(request.arg("events")),
        "method": request.arg("method", s.method),
        "format": request.arg("format", s.format),
        "identities": _identities(request.arg("identities")),
    }
    if request.arg("url"):  # empty: unchanged (the form never shows a URL's token)
        changes["url"] = _url(request.arg("url"))
    try:
        edited = c.browse.update_subscription(s.id, **changes)
    except ValueError as error:
        raise _invalid(error) from None
    shown = {k: without_token(v) if k == "url" else v for k, v in changes.items()}
    c.record(session, "subscription.edit", id=s.id, **shown)
    return _done(session, f"/subscriptions/{edited.id}", "saved")


def disable_subscription(c: Console, request: WebRequest, session: Session, subscription_id: str) -> Page:
    s = c.subscription(subscription_id)
    reason = request.arg("reason") or f"disabled by {session.user} in the console"
    c.outbox.set_enabled(s.id, False, reason)
    c.record(session, "subscription.disable", id=s.id, reason=reason)
    return _done(session, f"/subscriptions/{s.id}", "disabled: nothing is delivered to it until it is enabled")


def enable_subscription(c: Console, request: WebRequest, session: Session, subscription_id: str) -> Page:
    s = c.subscription(subscription_id)
    c.outbox.set_enabled(s.id, True)
    recovered = c.outbox.replay(dead=True, subscription_id=s.id) if request.arg("recover") else 0
    c.record(session, "subscription.enable", id=s.id, recovered=recovered)
    note = f"enabled; {recovered} dead deliveries sent again" if request.arg("recover") else "enabled"
    return _done(session, f"/subscriptions/{s.id}", note)


def rotate_secret(c: Console, request: WebRequest, session: Session, subscription_id: str) -> Page:
    s = c.subscription(subscription_id)
    try:
        hours = float(request.arg("overlap_hours") or DEFAULT_OVERLAP_HOURS)
    except ValueError:
        raise HTTPError(400, "the overlap is a number of hours") from None
    if not 0 <= hours <= 24 * 30:
        raise HTTPError(400, "the overlap is 0 to 720 hours")
    secret = new_secret()
    rotated = c.browse.update_subscription(
        s.id, secrets=[secret, *s.secrets[:1]], retire_after=time.time() + hours * 3600
    )
    c.record(session, "subscription.rotate", id=s.id, overlap_hours=hours)
    return _show_once(c, session, rotated.id, secret)


def send_test_event(c: Console, request: WebRequest, session: Session, subscription_id: str) -> Page:
    s = c.subscription(subscription_id)
    name = request.arg("event")
    info = c.events.get(name)
    if info is None or not info.example:
        raise HTTPError(400, f"no event {name!r} with an example in the spec")
    payload = info.dump(info.parse(json.loads(info.example)))
    record = EventRecord(f"msg_{uuid.uuid4().hex}", name, json.dumps(payload, ensure_ascii=False).encode(), time.time())
    try:
        c.browse.add_to(s.id, [record])
    except ValueError as error:
        raise _invalid(error) from None
    c.record(session, "subscription.test", id=s.id, event=name, event_id=record.id)
    return _done(session, f"/deliveries?event_id={record.id}", f"test event {name} queued for subscription {s.id}")


def _chosen(request: WebRequest, what: str) -> tuple[list[str], str]:
    """The ids ticked and the time given of a replay form: "Recover" (`all`) takes every one since that time,
    whatever is ticked; the other button the ticked ones (or, with none ticked, those since the time)."""
    ids, since = request.args("id"), request.arg("since")
    if request.arg("all"):
        if not since:
            raise HTTPError(400, f"give a time to recover all {what} since")
        return [], since
    if not ids and not since:
        raise HTTPError(400, f"select {what}, or give a time to recover all since")
    return ids, since


def replay_delivery(c: Console, request: WebRequest, session: Session, delivery_id: str) -> Page:
    count = c.outbox.replay(delivery_ids=[int(delivery_id)])
    c.record(session, "delivery.replay", ids=[int(delivery_id)], replayed=count)
    note = "sent again" if count else "not replayed: it is being delivered now, or its subscription is disabled"
    return _done(session, f"/deliveries/{delivery_id}", note)


def replay_dead(c: Console, request: WebRequest, session: Session) -> Page:
    chosen, since = _chosen(request, "dead letters")
    ids = [parse_id(i, "a dead letter's id") for i in chosen]
    if ids:
        count = c.outbox.replay(dead=True, delivery_ids=ids)
    else:
        count = c.outbox.replay(dead=True, since=parse_moment(since, "since"))
    c.record(session, "dead.replay", ids=ids, since=since, replayed=count)
    return _done(session, "/dead", f"{count} dead deliveries sent again")


def replay_quarantine(c: Console, request: WebRequest, session: Session) -> Page:
    if c.quarantine is None:
        raise HTTPError(404, "this console has no quarantine (console --quarantine URL)")
    ids, since = _chosen(request, "kept requests")
    report = replay_quarantined(c.relay(), since=parse_moment(since, "since") if since else None, ids=ids)
    c.record(session, "quarantine.replay", ids=ids, since=since, outcome=report.line())
    return _done(session, "/dead", report.line())
