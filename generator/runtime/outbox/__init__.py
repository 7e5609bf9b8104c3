"""The outbox: where emitted events and their deliveries are kept until delivered. One interface (`Outbox`), one
engine per folder (`sqlite/`, `redis/`), opened by URL."""

from .interface import (
    DEFAULT_LEASE_SECONDS,
    Attempt,
    Due,
    EventRecord,
    Outbox,
    OutboxError,
    Status,
    Subscription,
    SubscriptionStatus,
)
from .urls import open_outbox

__all__ = [
    "DEFAULT_LEASE_SECONDS",
    "Attempt",
    "Due",
    "EventRecord",
    "Outbox",
    "OutboxError",
    "Status",
    "Subscription",
    "SubscriptionStatus",
    "open_outbox",
]
