# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Sending events: the emitter, the worker that delivers from the outbox, the webhook client, the retry policy and
the SSRF guard."""

from .client import AsyncWebhookClient, WebhookClient
from .emitter import DEFAULT_MAX_PAYLOAD, DEFAULT_OUTBOX, EmitterCore, PayloadTooLarge, new_event_id
from .retry import RetryPolicy
from .ssrf import AddressPolicy, BlockedAddress
from .worker import DEFAULT_CONCURRENCY, DEFAULT_RETENTION_SECONDS, Worker, WorkerThread

__all__ = [
    "DEFAULT_CONCURRENCY",
    "DEFAULT_MAX_PAYLOAD",
    "DEFAULT_OUTBOX",
    "DEFAULT_RETENTION_SECONDS",
    "AddressPolicy",
    "AsyncWebhookClient",
    "BlockedAddress",
    "EmitterCore",
    "PayloadTooLarge",
    "RetryPolicy",
    "WebhookClient",
    "Worker",
    "WorkerThread",
    "new_event_id",
]
