"""A JSON body to its event's typed payload in one pydantic-core call: the body's `event` key picks the model."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from typing import Annotated, Any

from pydantic import BaseModel, GetCoreSchemaHandler, TypeAdapter, ValidationError
from pydantic_core import CoreSchema, core_schema

from .registry import EventInfo

__all__ = ["OnePassValidator"]


class OnePassValidator:
    """`validator(body)`: (event name, payload) of a JSON object whose `event` key names an event and whose fields
    are valid, else None, and the caller takes the longer way that says why. The JSON is decoded straight into the
    model, with no dict in between: 2.0 -> 1.4 µs for SalesMan's `deal.close` (bench/receiver.py).

    Covers the events whose payload is a model class of their own; any other event is always None here."""

    def __init__(self, events: Mapping[str, EventInfo[Any]]) -> None:
        models = {name: info.payload_type for name, info in events.items() if _is_model(info.payload_type)}
        uses = Counter(models.values())
        own = {name: model for name, model in models.items() if uses[model] == 1}
        self._event_of: dict[type, str] = {model: name for name, model in own.items()}
        self._validate_json: Callable[[bytes], Any] | None = None
        if own:
            adapter: TypeAdapter[Any] = TypeAdapter(Annotated[Any, _ByEventKey(own)])
            self._validate_json = adapter.validator.validate_json

    def __call__(self, body: bytes) -> tuple[str, Any] | None:
        if self._validate_json is None:
            return None
        try:
            payload = self._validate_json(body)
        except ValidationError:
            return None
        return self._event_of[type(payload)], payload


class _ByEventKey:
    """The schema of a union of models whose member is chosen by the input's `event` key (pydantic-core's tagged
    union: the key is looked up without Python code, also in JSON)."""

    def __init__(self, models: Mapping[str, type[BaseModel]]) -> None:
        self.models = models

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        choices: dict[str, CoreSchema] = {name: handler.generate_schema(model) for name, model in self.models.items()}
        return core_schema.tagged_union_schema(choices, discriminator="event")


def _is_model(payload_type: Any) -> bool:
    return isinstance(payload_type, type) and issubclass(payload_type, BaseModel)
