# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""What the SDK knows about each event: its name, payload type, group, texts in English and Russian, and fields."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Generic, TypeVar

from pydantic import TypeAdapter

from .fields import FieldInfo

__all__ = ["EventInfo", "did_you_mean", "event_discriminator"]

MAX_SUGGESTED_NAME = 100  # longer unknown names get no "did you mean" (its cost grows with the length)

P = TypeVar("P")


@dataclass(frozen=True, eq=False)
class EventInfo(Generic[P]):
    """One event of the spec. A Russian text is "" where the spec gives none (show the English one)."""

    name: str
    payload_type: Any  # a model class, or a type alias for payloads that are not objects
    group: str
    summary: str
    title: str = ""
    address: str = ""
    method: str = ""  # the Python name of the event: `receiver.on.<method>`, `Handlers.<method>`
    example: str = ""  # the spec's first example payload, as JSON text
    title_ru: str = ""
    summary_ru: str = ""
    description: str = ""  # when the event fires
    description_ru: str = ""
    deprecated: bool = False
    fields: tuple[FieldInfo, ...] = ()  # every field of the payload, inherited ones included, in the spec's order

    @cached_property
    def adapter(self) -> TypeAdapter[P]:
        """Validates and serialises payloads of this event."""
        return TypeAdapter(self.payload_type)

    @cached_property
    def _validate(self) -> Callable[[Any], P]:
        validator = getattr(self.payload_type, "__pydantic_validator__", None)
        if isinstance(self.payload_type, type) and validator is not None:
            return validator.validate_python  # type: ignore[no-any-return]  # a model: without the adapter's wrapper
        return self.adapter.validate_python

    def parse(self, data: Any) -> P:
        """A payload of this event from decoded data (dicts, lists, strings); raises pydantic.ValidationError."""
        return self._validate(data)

    @property
    def validator(self) -> Callable[[Any], P]:
        """What `parse` calls, for a hot path to keep and call without `parse`'s own call."""
        return self._validate

    def dump(self, payload: P) -> Any:
        """JSON-ready data of a payload; fields never given are left out."""
        return self.adapter.dump_python(payload, mode="json", exclude_unset=True)

    @cached_property
    def _to_json(self) -> Callable[..., bytes]:
        serializer = getattr(self.payload_type, "__pydantic_serializer__", None)
        if isinstance(self.payload_type, type) and serializer is not None:
            return serializer.to_json  # type: ignore[no-any-return]  # a model: without the adapter's wrapper
        return self.adapter.dump_json

    @property
    def serializer(self) -> Callable[..., bytes]:
        """`serializer(payload, exclude_unset=True)` is `dump_json` for a payload `validator` made, for a hot path."""
        return self._to_json

    def dump_json(self, payload: P) -> bytes:
        """The JSON of a payload; fields never given are left out."""
        to_json = self._to_json if type(payload) is self.payload_type else self.adapter.dump_json
        return to_json(payload, exclude_unset=True)


def event_discriminator(tags_by_type: Mapping[type, str]) -> Callable[[Any], str | None]:
    """Picks the event of a payload: the `event` key of raw data, or the event of a model instance."""

    def tag(value: Any) -> str | None:
        if isinstance(value, dict):
            name = value.get("event")
            return name if isinstance(name, str) else None
        return tags_by_type.get(type(value))

    return tag


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`; did you mean 'deal.close'?` for an unknown event name near a known one, else ""."""
    import difflib

    if len(name) > MAX_SUGGESTED_NAME:
        return ""
    match = difflib.get_close_matches(name, [str(k) for k in known], n=1)
    return f"; did you mean {match[0]!r}?" if match else ""
