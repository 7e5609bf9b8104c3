# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""`subscribe` of the PostgreSQL outbox: a new subscription, or the same one updated, in the caller's transaction."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING

from ..interface import Subscription, same_subscription, updated_subscription
from .adding import read_subscriptions
from .queries import Queries

if TYPE_CHECKING:
    from psycopg import Connection
    from psycopg.rows import TupleRow

__all__ = ["subscribe"]


def subscribe(db: Connection[TupleRow], q: Queries, wanted: Subscription, allow_duplicate: bool) -> Subscription:
    """`wanted` (its id aside) stored: the same subscription updated (`same_subscription`), unless `allow_duplicate`
    or there is none, else a new one. The table is locked meanwhile, so two processes subscribing at once can't both
    add one."""
    db.execute(q.LOCK_SUBSCRIPTIONS)
    existing = read_subscriptions(db.cursor(), q)[1].values()
    w = wanted
    same = None if allow_duplicate else same_subscription(existing, w.url, w.events, w.method, w.format, w.identities)
    if same is None:
        row = (w.url, list(w.events), w.method, w.format, list(w.secrets), time.time(), list(w.identities))
        (sid,) = db.execute(q.SUBSCRIBE, row).fetchone() or (0,)
        result = replace(w, id=int(sid))
    else:
        result = updated_subscription(same, w.secrets)
        db.execute(q.SET_SECRETS, (list(result.secrets), same.id))
    db.execute(q.SUBSCRIPTIONS_CHANGED)
    return result
