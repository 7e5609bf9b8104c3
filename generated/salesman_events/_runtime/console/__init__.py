# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The operator's side: Prometheus metrics of the worker, the receiver and the relay, served over HTTP."""

from .metrics import DeliveryMetrics, MetricsUnavailable, RelayMetrics, RequestMetrics, new_registry
from .metrics_http import MetricsServer, metrics_address

__all__ = [
    "DeliveryMetrics",
    "MetricsServer",
    "MetricsUnavailable",
    "RelayMetrics",
    "RequestMetrics",
    "metrics_address",
    "new_registry",
]
