# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Receiving webhooks: the framework-free core, its ASGI and WSGI adapters, the handler plumbing, the seen-id
(dedupe) stores, the quarantine of what could not be typed yet, and the relay of SalesMan's traffic into the outbox."""

from .app import ReceiverApp
from .core import DEFAULT_MAX_BODY, INVALID_POLICIES, InvalidPolicy, ReceiverCore
from .dispatch import ReceivedEvent
from .relay import RelayApp
from .replay import Replayed, ReplayReport

__all__ = [
    "DEFAULT_MAX_BODY",
    "INVALID_POLICIES",
    "InvalidPolicy",
    "ReceivedEvent",
    "ReceiverApp",
    "ReceiverCore",
    "RelayApp",
    "ReplayReport",
    "Replayed",
]
