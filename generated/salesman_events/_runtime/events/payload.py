# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The base class of every payload model."""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, cast

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema

__all__ = ["PayloadModel", "WireShapes"]


@dataclass(frozen=True)
class WireShapes:
    """What a model's input needs before its fields are validated, by wire key."""

    list_keys: frozenset[str]  # list fields: an object keyed "1", "2", … becomes a list
    none_texts: Mapping[str, frozenset[str]]  # values (as text) that mean the field is absent: {"did": {"0"}}
    aliases: Mapping[str, tuple[str, ...]]  # other keys the field may arrive under: {"id": ("tid",)}

    @classmethod
    def of(cls, fields: Mapping[str, Any]) -> WireShapes | None:
        """The shapes of a model's fields (pydantic FieldInfo by name), or None when it has none to undo."""
        list_keys: set[str] = set()
        none_texts: dict[str, frozenset[str]] = {}
        aliases: dict[str, tuple[str, ...]] = {}
        for name, field in fields.items():
            key = field.alias or name
            if _is_list(field.annotation):
                list_keys.update({name, key})
            extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
            if isinstance(nones := extra.get("none-values"), list):
                none_texts[key] = frozenset(_text(v) for v in nones)
            if isinstance(others := extra.get("aliases"), list):
                aliases[key] = tuple(str(a) for a in others)
        if not (list_keys or none_texts or aliases):
            return None
        return cls(frozenset(list_keys), none_texts, aliases)

    def __call__(self, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        changes: dict[str, Any] = {}
        for key, others in self.aliases.items():
            if key not in data:
                found = next((other for other in others if other in data), None)
                if found is not None:
                    changes[key] = data[found]
                    changes[found] = _DROP
        for key in self.list_keys:
            value = changes.get(key, data.get(key))
            if isinstance(value, dict) and _numeric_keys(value):
                changes[key] = [item for _, item in sorted(value.items(), key=lambda pair: int(pair[0]))]
        for key, texts in self.none_texts.items():
            value = changes.get(key, data.get(key))
            if isinstance(value, (str, int, float)) and not isinstance(value, bool) and _text(value) in texts:
                changes[key] = _DROP
        if not changes:
            return data
        merged = {**data, **changes}
        return {k: v for k, v in merged.items() if v is not _DROP}


class PayloadModel(BaseModel):
    """A payload as senders really send it: lax input, unknown keys kept, absent fields left out on output
    (`model_dump`, `model_dump_json`; pass `exclude_unset=True` to a TypeAdapter's dump yourself).

    Before the fields are validated, `WireShapes` undoes what PHP senders do to them: a list keyed from 1 arrives
    as an object keyed "1", "2", …; a value that means "none" (`0`, spec: `x-means-none`) is sent in place of
    leaving the key out; a field may arrive under another key (spec: `x-aliases`).
    """

    model_config = ConfigDict(
        extra="allow",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
    )

    _wire_shapes: ClassVar[WireShapes | None] = None

    @classmethod
    def __get_pydantic_core_schema__(cls, source: type[BaseModel], handler: GetCoreSchemaHandler) -> CoreSchema:
        """Pydantic's schema, with the wire-shape step before the fields' validation only in models that need it:
        validating any other model calls no Python code."""
        schema = handler(source)
        shapes = WireShapes.of(cls.__pydantic_fields__)
        cls._wire_shapes = shapes
        if shapes is not None and schema["type"] == "model":  # where pydantic puts model_validator(mode="before")
            model = cast(core_schema.ModelSchema, schema)
            model["schema"] = core_schema.no_info_before_validator_function(shapes, model["schema"])
        return schema

    def model_dump(self, **options: Any) -> dict[str, Any]:
        """As pydantic's, but fields never given are left out (`exclude_unset` defaults to True)."""
        options.setdefault("exclude_unset", True)
        return super().model_dump(**options)

    def model_dump_json(self, **options: Any) -> str:
        """As pydantic's, but fields never given are left out (`exclude_unset` defaults to True)."""
        options.setdefault("exclude_unset", True)
        return super().model_dump_json(**options)


_DROP: Any = object()  # a key to leave out of the validated input


def _text(value: Any) -> str:
    """A scalar as PHP would send it in a form: 0 and "0" alike."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _numeric_keys(mapping: dict[Any, Any]) -> bool:
    return bool(mapping) and all(isinstance(k, str) and k.isdigit() for k in mapping)


def _is_list(annotation: Any) -> bool:
    """list[...] itself, or inside Optional/Union/Annotated."""
    origin = typing.get_origin(annotation)
    if origin is list:
        return True
    if origin in (typing.Union, types.UnionType, typing.Annotated):
        return any(_is_list(arg) for arg in typing.get_args(annotation))
    alias_value = getattr(annotation, "__value__", None)  # TypeAliasType
    return alias_value is not None and _is_list(alias_value)
