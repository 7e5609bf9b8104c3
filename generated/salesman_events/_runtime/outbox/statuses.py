# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""A subscription's status from the figures every engine reads per subscription (pending deliveries, failed
attempts, the last failure), so that each engine only has to read them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .interface import Subscription, SubscriptionStatus, failure_text

__all__ = ["subscription_status"]


def subscription_status(
    subscription: Subscription,
    now: float,
    pending: Mapping[int, Sequence[Any]],
    failures: Mapping[int, int],
    last_failures: Mapping[int, Sequence[Any]],
) -> SubscriptionStatus:
    """The status of `subscription` from `pending` (id -> (count, oldest created_at, soonest next attempt of a pending
    one)), `failures` (id -> failed attempts) and `last_failures` (id -> (HTTP status or None, response, started_at)
    of the last failed attempt); an id missing from a mapping has none."""
    count, oldest, next_at = pending.get(subscription.id) or (0, None, None)
    age = None if oldest is None else max(0.0, now - float(oldest))
    error, error_at = "", None
    if subscription.id in last_failures:
        status, response, started_at = last_failures[subscription.id]
        error, error_at = failure_text(None if status is None else int(status), str(response)), float(started_at)
    return SubscriptionStatus(
        subscription,
        int(count),
        age,
        failures.get(subscription.id, 0),
        error,
        error_at,
        None if next_at is None else float(next_at),
    )
