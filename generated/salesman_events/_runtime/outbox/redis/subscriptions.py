# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The subscriptions of a Redis outbox as stored: read from Redis with their version (``subs:version``, moved by every
change to a subscription), for a handle's `SubscriptionCache`, and the row each is stored as."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ...storage.redis import text
from ..interface import Subscription
from .layout import SUBSCRIPTION_KEYS

if TYPE_CHECKING:
    from redis import Redis

__all__ = ["read_subscriptions", "subscription_row"]


def subscription_row(s: Subscription) -> str:
    """The JSON row a subscription is stored as (whether it is enabled is kept apart, in ``disabled``)."""
    row = {"url": s.url, "events": list(s.events), "method": s.method, "format": s.format, "secrets": list(s.secrets),
           "identities": list(s.identities), "retire_after": s.retire_after}  # fmt: skip
    return json.dumps(row)


def read_subscriptions(client: Redis, prefix: str) -> tuple[str, dict[int, Subscription]]:
    """The subscriptions as stored, and their version."""
    pipe = client.pipeline(transaction=True)
    for command, key in zip((pipe.get, pipe.hgetall, pipe.hgetall), SUBSCRIPTION_KEYS, strict=True):
        command(prefix + key)
    version, rows, disabled = pipe.execute()
    reasons = {int(k): text(v) for k, v in disabled.items()}
    subscriptions = {}
    for sid in sorted(int(k) for k in rows):
        s = json.loads(rows[str(sid).encode()])
        events, secrets, tenants = tuple(s["events"]), tuple(s["secrets"]), tuple(s.get("identities", ()))
        subscriptions[sid] = Subscription(
            sid, s["url"], events, s["method"], s["format"], secrets, sid not in reasons, reasons.get(sid, ""), tenants,
            s.get("retire_after"),
        )  # fmt: skip
    return ("0" if version is None else text(version)), subscriptions
