# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""`subscribe` and `status`: subscriptions as the command line shows them, with their secrets never shown again after
`subscribe --new-secret` printed the one it made (a count and short fingerprints instead)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from typing import Any

from ..outbox.interface import Outbox, Status, Subscription, SubscriptionStatus
from ..wire.encoding import FORMATS
from ..wire.redact import without_token
from ..wire.signing import fingerprint, new_secret

__all__ = ["add_subscribe_arguments", "print_status", "public_view", "subscribe"]


def add_subscribe_arguments(subscribe: argparse.ArgumentParser) -> None:
    """The arguments of `subscribe`."""
    subscribe.add_argument("url", help="where to deliver")
    subscribe.add_argument(
        "--events", nargs="+", default=["*"], help="names or patterns: deal.close deal.* * (default *)"
    )
    subscribe.add_argument("--method", default="POST", choices=("POST", "GET"))
    subscribe.add_argument("--format", default="json", choices=FORMATS, help="json, form (PHP-style) or salesman")
    subscribe.add_argument(
        "--secret", action="append", default=[], help="Standard Webhooks secret whsec_… (repeatable; replaces the old)"
    )
    subscribe.add_argument(
        "--new-secret", action="store_true", help="make a new secret and print it, this once (with --secret: added)"
    )
    subscribe.add_argument(
        "--identity",
        type=int,
        action="append",
        default=[],
        metavar="ID",
        help="only the events of this SalesMan tenant (its `identity`; repeatable; default: every tenant)",
    )
    subscribe.add_argument(
        "--add",
        action="store_true",
        help="add a second subscription even if one with the same URL, events, method and format exists "
        "(else that one is updated: every event would otherwise go out twice)",
    )


def public_view(subscription: Subscription) -> dict[str, Any]:
    """A subscription as shown: everything but its secrets, which are counted and named by fingerprint, and the
    token in its URL."""
    view = dataclasses.asdict(subscription)
    view["url"] = without_token(subscription.url)
    view["secrets"] = len(subscription.secrets)
    view["secret_fingerprints"] = [fingerprint(secret) for secret in subscription.secrets]
    return view


def subscribe(args: argparse.Namespace, outbox: Outbox) -> int:
    """Add the subscription, or update the same one; print it (a new secret this once). Exit 2 for invalid input."""
    made = new_secret() if args.new_secret else None
    secrets = [*args.secret, *([made] if made else [])]
    known = {s.id for s in outbox.subscriptions()}
    try:
        subscription = outbox.subscribe(
            args.url,
            args.events,
            method=args.method,
            format=args.format,
            secrets=secrets,
            allow_duplicate=args.add,
            identities=args.identity,
        )
    except ValueError as error:
        print(f"subscribe: {error}", file=sys.stderr)
        return 2
    view = {**public_view(subscription), "created": subscription.id not in known}
    if made:
        view["new_secret"] = made
    print(json.dumps(view, ensure_ascii=False))
    action = "added" if view["created"] else "updated (the same URL, events, method and format; --add for another)"
    print(f"subscription {subscription.id} {action}", file=sys.stderr)
    if made:
        print("the new secret is shown this once: give it to the receiver now", file=sys.stderr)
    return 0


def print_status(status: Status, *, as_json: bool, now: float | None = None) -> None:
    """The outbox's figures, per subscription with its last failure and its next try; never a secret."""
    if as_json:
        view = dataclasses.asdict(status)
        view["subscriptions"] = [
            {**dataclasses.asdict(row), "subscription": public_view(row.subscription), "last_error": _error(row)}
            for row in status.subscriptions
        ]
        print(json.dumps(view, ensure_ascii=False))
        return
    now = time.time() if now is None else now
    print(f"pending {status.pending}  delivered {status.delivered}  dead {status.dead}")
    for row in status.subscriptions:
        print(_status_line(row, now))


def _status_line(row: SubscriptionStatus, now: float) -> str:
    sub = row.subscription
    url = without_token(sub.url)
    age = "-" if row.oldest_pending_age is None else f"{row.oldest_pending_age:.0f}s"
    state = "enabled" if sub.enabled else f"disabled ({sub.disabled_reason})"
    line = (
        f"  #{sub.id} {url} [{' '.join(sub.events)}] {state}: pending {row.pending}, oldest {age}, "
        f"failures {row.failures}"
    )
    if row.next_attempt_at is not None:
        line += f", next try {_relative(row.next_attempt_at - now)}"
    if row.last_error:
        line += f"\n    last failure {_relative((row.last_error_at or now) - now)}: {_error(row)}"
    return line


def _error(row: SubscriptionStatus) -> str:
    return without_token(row.last_error)


def _relative(seconds: float) -> str:
    """`in 4m 30s`, `now`, `12s ago`."""
    if abs(seconds) < 1:
        return "now"
    whole = round(abs(seconds))
    text = f"{whole // 60}m {whole % 60}s" if whole >= 60 else f"{whole}s"
    return f"in {text}" if seconds > 0 else f"{text} ago"
