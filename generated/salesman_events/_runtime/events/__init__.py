# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Typed events, shared by the receiving and the sending side: the payload base class, what the SDK knows of each
event and of its fields, and typed handler registration."""

from .fields import FieldInfo
from .handlers import Handler, HandlerRegistry, Registrar, call_sync
from .payload import PayloadModel
from .registry import EventInfo, event_discriminator

__all__ = [
    "EventInfo",
    "FieldInfo",
    "Handler",
    "HandlerRegistry",
    "PayloadModel",
    "Registrar",
    "call_sync",
    "event_discriminator",
]
