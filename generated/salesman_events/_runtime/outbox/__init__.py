# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The outbox: where emitted events and their deliveries are kept until delivered. One interface (`Outbox`, with the
optional `Watchable`, `BatchRecording` and `ConnectionOutbox`), one engine per folder (`sqlite/`, `redis/`,
`postgres/`), opened by URL."""

from .capabilities import BatchRecording, ConnectionOutbox, OnCommit, Watchable
from .interface import (
    DEFAULT_LEASE_SECONDS,
    PURGE_STEP,
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
    "PURGE_STEP",
    "Attempt",
    "BatchRecording",
    "ConnectionOutbox",
    "Due",
    "EventRecord",
    "OnCommit",
    "Outbox",
    "OutboxError",
    "Status",
    "Subscription",
    "SubscriptionStatus",
    "Watchable",
    "open_outbox",
]
