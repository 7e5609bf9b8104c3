"""Checks across the messages of a spec: names that must not clash, and what is likely a mistake."""

from __future__ import annotations

from collections.abc import Sequence

from .errors import SpecError, did_you_mean
from .ir import Event
from .source import Node, Spec

__all__ = ["name_clashes", "usage_warnings"]


def name_clashes(messages: Sequence[Node], events: Sequence[Event]) -> list[SpecError]:
    """Errors for two messages sharing an event name, or the Python names made from it."""
    errors = []
    for attr, what in (("name", "event name"), ("member", "EventName member"), ("method", "method name")):
        first: dict[str, tuple[Node, Event]] = {}
        for message, event in zip(messages, events, strict=True):
            other, other_event = first.setdefault(getattr(event, attr), (message, event))
            if other is message or (attr != "name" and other_event.name == event.name):
                continue  # the first of its name, or a clash already reported as a duplicate event name
            errors.append(
                message.error(f"{what} '{getattr(event, attr)}' is already used by the message at {other.pointer}")
            )
    return errors


def usage_warnings(spec: Spec, messages: Sequence[tuple[Node, str]]) -> list[SpecError]:
    """Warnings for a message no operation uses, and for a tag that `info.tags` doesn't declare (when it declares
    any): both generate, but the first is usually a forgotten operation and the second a misspelt group.
    `messages` holds each message with the action of its operation ("" for none)."""
    info_tags = spec.top.value["info"].get("tags") or []
    declared = [str(t.get("name")) for t in info_tags if isinstance(t, dict)]
    warnings = []
    for message, action in messages:
        if not action:
            warnings.append(message.warning("message is used by no operation: add a send or receive operation"))
        tags = message.get("tags")
        for tag in tags.elements() if tags is not None and declared else []:
            value = spec.deref(tag).value
            name = value.get("name") if isinstance(value, dict) else None
            if isinstance(name, str) and name not in declared:
                where = tag if "$ref" in tag.value else tag.child("name")
                warnings.append(where.warning(f"tag '{name}' is not one of info.tags{did_you_mean(name, declared)}"))
    return warnings
