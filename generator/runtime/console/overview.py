"""The overview's figures, made from the outbox's activity rows: deliveries per interval, delivered and failed,
attempt latency percentiles, each endpoint's health; and the queue's size as this console saw it over time."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from ..outbox.browsing import LATENCY_BOUNDS, ActivityRow, LastFailure, QueueCounts
from ..outbox.interface import Subscription, failure_text

__all__ = ["WINDOWS", "EndpointHealth", "QueueSamples", "Series", "endpoint_health", "percentile", "series"]

# The overview's windows: (seconds shown, seconds per bar).
WINDOWS: Final = {"hour": (3600, 60), "day": (86400, 1200)}
HEALTH_SECONDS: Final = 86400  # an endpoint's success rate is over the last day
SAMPLE_SECONDS: Final = 10.0  # how often the console reads the queue's size for its chart


@dataclass(frozen=True)
class Series:
    """One value per interval, oldest first; `starts` are the intervals' unix times."""

    starts: tuple[int, ...]
    delivered: tuple[int, ...]
    failed: tuple[int, ...]
    p50: tuple[float | None, ...]  # seconds; None for an interval without attempts
    p99: tuple[float | None, ...]

    @property
    def totals(self) -> tuple[int, int]:
        return sum(self.delivered), sum(self.failed)


def percentile(histogram: Sequence[int], q: float) -> float | None:
    """The `q` quantile (0-1) of latencies counted per LATENCY_BOUNDS bucket, interpolated within its bucket;
    the slowest bucket answers its lower bound. None for no latencies."""
    total = sum(histogram)
    if total == 0:
        return None
    rank, seen = q * total, 0
    for index, count in enumerate(histogram):
        if count and seen + count >= rank:
            if index >= len(LATENCY_BOUNDS):
                return LATENCY_BOUNDS[-1]
            low = LATENCY_BOUNDS[index - 1] if index else 0.0
            return low + (LATENCY_BOUNDS[index] - low) * (rank - seen) / count
        seen += count
    return LATENCY_BOUNDS[-1]


def series(rows: Iterable[ActivityRow], since: float, until: float, step: int) -> Series:
    """The activity rows summed into intervals of `step` seconds from `since` to `until`."""
    first = int(since // step) * step
    starts = tuple(range(first, int(until) + 1, step))
    buckets = len(LATENCY_BOUNDS) + 1
    delivered, failed = [0] * len(starts), [0] * len(starts)
    histograms = [[0] * buckets for _ in starts]
    for row in rows:
        slot = (row.minute - first) // step
        if 0 <= slot < len(starts):
            delivered[slot] += row.delivered
            failed[slot] += row.failed
            histograms[slot][row.bucket] += row.delivered + row.failed
    p50 = tuple(percentile(h, 0.5) for h in histograms)
    p99 = tuple(percentile(h, 0.99) for h in histograms)
    return Series(starts, tuple(delivered), tuple(failed), p50, p99)


@dataclass(frozen=True)
class EndpointHealth:
    subscription: Subscription
    delivered: int  # attempts over the last day
    failed: int
    last_error: str
    last_error_at: float | None

    @property
    def success_rate(self) -> float | None:
        attempts = self.delivered + self.failed
        return None if attempts == 0 else self.delivered / attempts


def endpoint_health(
    subscriptions: Iterable[Subscription], rows: Iterable[ActivityRow], failures: dict[int, LastFailure]
) -> list[EndpointHealth]:
    """Each subscription's health from the activity rows of the last day and its last failure."""
    counts: dict[int, list[int]] = {}
    for row in rows:
        pair = counts.setdefault(row.subscription_id, [0, 0])
        pair[0] += row.delivered
        pair[1] += row.failed
    health = []
    for s in subscriptions:
        delivered, failed = counts.get(s.id, (0, 0))
        last = failures.get(s.id)
        error = "" if last is None else failure_text(last.status, last.response)
        health.append(EndpointHealth(s, delivered, failed, error, None if last is None else last.started_at))
    return health


@dataclass
class QueueSamples:
    """The queue's size read about every SAMPLE_SECONDS while the console runs (by its sampler, and by the overview
    pages it serves), the last day of it."""

    samples: deque[tuple[float, QueueCounts]] = field(
        default_factory=lambda: deque(maxlen=int(WINDOWS["day"][0] / SAMPLE_SECONDS))
    )
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, counts: QueueCounts, at: float | None = None) -> None:
        """Keep `counts` unless a sample was kept less than half of SAMPLE_SECONDS before: pages polled by many
        tabs would otherwise crowd the day out of the ring."""
        at = time.time() if at is None else at
        with self._lock:
            if not self.samples or at - self.samples[-1][0] >= SAMPLE_SECONDS / 2:
                self.samples.append((at, counts))

    def since(self, moment: float) -> list[tuple[float, QueueCounts]]:
        with self._lock:
            return [(at, counts) for at, counts in self.samples if at >= moment]
