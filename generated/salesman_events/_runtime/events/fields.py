# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""What the SDK tells people about each field of an event's payload: for a catalog, a form, a reference page."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FieldInfo"]


@dataclass(frozen=True)
class FieldInfo:
    """One field of an event's payload, as the spec describes it. A Russian text is "" where the spec gives none."""

    name: str  # as on the wire
    type_label: str  # for people: "integer", "array of ClientId", "string (date)"
    required: bool = False
    description: str = ""
    description_ru: str = ""
    aliases: tuple[str, ...] = ()  # other keys the field may arrive under
    deprecated: bool = False
