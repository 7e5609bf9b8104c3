# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The endpoint health policy: a subscription whose deliveries have failed, without a single success, for longer
than a set time (5 days by default, as Svix does) is disabled, with the reason shown. Its deliveries wait; enabling
it again (the console can also send again what died meanwhile) resumes them.

It reads the outbox's activity rows (attempts per minute and subscription), so it looks back at most twice the set
time, which the outbox keeps as long as its retention is longer."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Final, cast

from ..outbox.browsing import ACTIVITY_MINUTE, ActivityRow, Browsable
from ..outbox.interface import Outbox, Subscription

__all__ = ["DEFAULT_DISABLE_AFTER", "HEALTH_CHECK_SECONDS", "HealthCheck", "disable_failing", "failing_since"]

DEFAULT_DISABLE_AFTER: Final = 5 * 86400.0
HEALTH_CHECK_SECONDS: Final = 600.0  # how often a worker applies the policy
POLICY_STEP: Final = 3600  # the policy reads activity per hour: when failures began, to the hour


def failing_since(
    rows: Iterable[ActivityRow], now: float, after: float, step: int = ACTIVITY_MINUTE
) -> dict[int, float]:
    """Subscription id -> when its failures began, for those that failed without a success for `after` seconds:
    the first failure since the last success (or since the rows begin) is that old, and no success came since.
    `rows` are summed per `step` seconds (`Browsable.activity`)."""
    last_success: dict[int, int] = {}
    failures: dict[int, list[int]] = {}
    for row in rows:
        if row.delivered:
            last_success[row.subscription_id] = max(row.minute, last_success.get(row.subscription_id, row.minute))
        if row.failed:
            failures.setdefault(row.subscription_id, []).append(row.minute)
    failing = {}
    for sid, minutes in failures.items():
        success = last_success.get(sid)
        began = min((m for m in minutes if success is None or m > success), default=None)
        if began is not None and began + step <= now - after:
            failing[sid] = float(began)
    return failing


def _reason(after: float, began: float) -> str:
    since = time.strftime("%Y-%m-%d %H:%M", time.localtime(began))
    return f"no successful delivery for {after / 86400:g} days (failing since {since}): disabled by the health policy"


def disable_failing(
    outbox: Outbox, *, after: float = DEFAULT_DISABLE_AFTER, now: float | None = None
) -> list[Subscription]:
    """Disable the enabled subscriptions failing for `after` seconds without a success; returns them."""
    now = time.time() if now is None else now
    rows = cast(Browsable, outbox).activity(now - 2 * after, now, POLICY_STEP)
    failing = failing_since(rows, now, after, POLICY_STEP)
    disabled = []
    for s in outbox.subscriptions():
        if s.enabled and s.id in failing:
            outbox.set_enabled(s.id, False, _reason(after, failing[s.id]))
            disabled.append(s)
    return disabled


class HealthCheck:
    """The policy applied every HEALTH_CHECK_SECONDS by a worker (outboxes without activity rows are skipped)."""

    def __init__(self, outbox: Outbox, after: float) -> None:
        self.outbox, self.after = outbox, after
        self._next = 0.0
        self._able = callable(getattr(outbox, "activity", None))

    def run_if_due(self) -> list[Subscription]:
        """The subscriptions disabled now, if a check was due."""
        if not self._able or time.monotonic() < self._next:
            return []
        self._next = time.monotonic() + HEALTH_CHECK_SECONDS
        return disable_failing(self.outbox, after=self.after)
