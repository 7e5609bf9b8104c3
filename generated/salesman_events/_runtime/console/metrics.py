# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Prometheus metrics of the worker, the receiver and the relay, kept by prometheus_client (the `metrics` extra,
imported only once metrics are asked for), each set in a registry of its own.

The worker's (`DeliveryMetrics`, its attempt observer):
- `salesman_events_delivery_attempts_total{outcome, event, subscription, endpoint}`: attempts recorded, by outcome
  (delivered, retry, dead, disable; lease_lost when another worker had taken the delivery over), event name,
  subscription id and URL (its token hidden);
- `salesman_events_delivery_attempt_seconds{subscription, endpoint}`: their latency (buckets: the outbox's
  `LATENCY_BOUNDS`);
- `salesman_events_queue_depth`, `_queue_due`, `_queue_dead`: deliveries pending or in flight, due now, and dead,
  read from the outbox at each scrape (engines that can tell: `Browsable.queue_counts`).

The receiver's and the relay's (`RequestMetrics`, `RelayMetrics`: their request observer):
- `salesman_events_requests_total{status, event}`: requests answered, by HTTP status and event ("" when the
  request named none of the receiver's events, or was refused before it was read);
- `salesman_events_quarantined_total{event}`: requests kept in the quarantine;
- `salesman_events_relayed_total{event}`: events the relay committed to the outbox.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING, Final

from ..outbox.browsing import LATENCY_BOUNDS, QueueCounts
from ..outbox.interface import Attempt, Due
from ..wire.redact import without_token

if TYPE_CHECKING:
    from prometheus_client import CollectorRegistry
    from prometheus_client.core import GaugeMetricFamily

__all__ = [
    "INSTALL_HINT",
    "PREFIX",
    "DeliveryMetrics",
    "MetricsUnavailable",
    "QueueGauges",
    "RelayMetrics",
    "RequestMetrics",
    "new_registry",
    "prometheus",
]

PREFIX: Final = "salesman_events"
INSTALL_HINT: Final = "pip install salesman-events[metrics]"
LEASE_LOST: Final = "lease_lost"
logger = logging.getLogger(__name__.split("._runtime", 1)[0] + ".metrics")


class MetricsUnavailable(ImportError):
    """prometheus_client is not installed."""


def prometheus() -> ModuleType:
    """The prometheus_client module; MetricsUnavailable, saying what to install, without it."""
    try:
        import prometheus_client
    except ImportError as exc:
        raise MetricsUnavailable(f"metrics need prometheus_client: {INSTALL_HINT}") from exc
    return prometheus_client


def new_registry() -> CollectorRegistry:
    """An empty registry (not prometheus_client's global one: several workers or receivers may share a process)."""
    registry: CollectorRegistry = prometheus().CollectorRegistry()
    return registry


endpoint_label: Final = lru_cache(maxsize=1024)(without_token)  # a subscription's URL, as a label


class DeliveryMetrics:
    """A worker's metrics: its attempt observer (`Worker(observer=...)`), and the queue of `outbox` if it can tell."""

    def __init__(self, registry: CollectorRegistry, outbox: object = None) -> None:
        prom = prometheus()
        self._attempts = prom.Counter(
            f"{PREFIX}_delivery_attempts",
            "Delivery attempts recorded, by outcome (lease_lost: another worker had taken the delivery over)",
            ("outcome", "event", "subscription", "endpoint"),
            registry=registry,
        )
        self._latency = prom.Histogram(
            f"{PREFIX}_delivery_attempt_seconds",
            "Latency of delivery attempts, from the request's start to its answer or failure",
            ("subscription", "endpoint"),
            buckets=LATENCY_BOUNDS,
            registry=registry,
        )
        queue_counts: Callable[[], QueueCounts] | None = getattr(outbox, "queue_counts", None)
        if queue_counts is not None:
            registry.register(QueueGauges(queue_counts))

    def recorded(self, due: Due, attempt: Attempt, kept: bool) -> None:
        subscription = str(due.subscription.id)
        endpoint = endpoint_label(due.subscription.url)
        outcome = attempt.outcome if kept else LEASE_LOST
        self._attempts.labels(outcome, due.event.name, subscription, endpoint).inc()
        self._latency.labels(subscription, endpoint).observe(attempt.latency)


class QueueGauges:
    """A collector of the outbox's queue, read at each scrape; nothing when the outbox can't be read."""

    GAUGES: Final = (
        ("queue_depth", "depth", "Deliveries pending or being delivered"),
        ("queue_due", "due", "Deliveries pending and due now"),
        ("queue_dead", "dead", "Dead deliveries (dead letters), kept until replayed or purged"),
    )

    def __init__(self, queue_counts: Callable[[], QueueCounts]) -> None:
        self._queue_counts = queue_counts

    def describe(self) -> list[GaugeMetricFamily]:
        return list(self._families(None))

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            counts = self._queue_counts()
        except Exception:
            logger.exception("could not read the queue's counts from the outbox")
            return
        yield from self._families(counts)

    def _families(self, counts: QueueCounts | None) -> Iterator[GaugeMetricFamily]:
        from prometheus_client.core import GaugeMetricFamily

        for name, field, documentation in self.GAUGES:
            value = None if counts is None else getattr(counts, field)
            yield GaugeMetricFamily(f"{PREFIX}_{name}", documentation, value=value)


class RequestMetrics:
    """A receiver's metrics: its request observer (`receiver.observer = RequestMetrics(registry)`)."""

    def __init__(self, registry: CollectorRegistry) -> None:
        prom = prometheus()
        self._requests = prom.Counter(
            f"{PREFIX}_requests",
            "Requests answered, by HTTP status and event (empty: refused before it was read, or not an event here)",
            ("status", "event"),
            registry=registry,
        )
        self._quarantined = prom.Counter(
            f"{PREFIX}_quarantined",
            "Requests that could not be typed, kept in the quarantine (answered 202)",
            ("event",),
            registry=registry,
        )

    def answered(self, event: str, status: int) -> None:
        self._requests.labels(str(status), event).inc()

    def quarantined(self, event: str) -> None:
        self._quarantined.labels(event).inc()

    def relayed(self, event: str) -> None:
        """Nothing: a receiver relays nothing."""


class RelayMetrics(RequestMetrics):
    """A relay's metrics: a receiver's, and the events committed to the outbox."""

    def __init__(self, registry: CollectorRegistry) -> None:
        super().__init__(registry)
        self._relayed = prometheus().Counter(
            f"{PREFIX}_relayed", "Events the relay committed to the outbox", ("event",), registry=registry
        )

    def relayed(self, event: str) -> None:
        self._relayed.labels(event).inc()
