"""The base class of every payload model."""

from __future__ import annotations

import types
import typing
from functools import partial
from typing import Any, ClassVar, cast

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema

__all__ = ["PayloadModel"]


class PayloadModel(BaseModel):
    """A payload as senders really send it: lax input, unknown keys kept, absent fields left out on output
    (`model_dump`, `model_dump_json`; pass `exclude_unset=True` to a TypeAdapter's dump yourself).

    A PHP list whose keys don't start at 0 arrives as an object keyed "1", "2", …; list fields take it as a list.
    """

    model_config = ConfigDict(
        extra="allow",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
    )

    _list_keys: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def __get_pydantic_core_schema__(cls, source: type[BaseModel], handler: GetCoreSchemaHandler) -> CoreSchema:
        """Pydantic's schema, with the PHP-list step before the fields' validation only in models with list fields:
        validating any other model calls no Python code."""
        schema = handler(source)
        keys = set()
        for name, field in cls.__pydantic_fields__.items():
            if _is_list(field.annotation):
                keys.update({name, field.alias or name})
        cls._list_keys = frozenset(keys)
        if keys and schema["type"] == "model":  # around the fields, where pydantic puts model_validator(mode="before")
            model = cast(core_schema.ModelSchema, schema)
            model["schema"] = core_schema.no_info_before_validator_function(
                partial(_php_lists, cls._list_keys), model["schema"]
            )
        return schema

    def model_dump(self, **options: Any) -> dict[str, Any]:
        """As pydantic's, but fields never given are left out (`exclude_unset` defaults to True)."""
        options.setdefault("exclude_unset", True)
        return super().model_dump(**options)

    def model_dump_json(self, **options: Any) -> str:
        """As pydantic's, but fields never given are left out (`exclude_unset` defaults to True)."""
        options.setdefault("exclude_unset", True)
        return super().model_dump_json(**options)


def _php_lists(keys: frozenset[str], data: Any) -> Any:
    """Objects keyed "1", "2", … under list keys, as lists."""
    if not isinstance(data, dict):
        return data
    found = [k for k in keys if isinstance(data.get(k), dict) and _numeric_keys(data[k])]
    if not found:
        return data
    data = dict(data)
    for key in found:
        data[key] = [value for _, value in sorted(data[key].items(), key=lambda item: int(item[0]))]
    return data


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
