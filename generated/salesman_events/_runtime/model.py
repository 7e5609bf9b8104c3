# DO NOT EDIT: generated from salesman-events.asyncapi.yaml (sha256 0ff15d59f4fb2739) by the generator
"""The base class of every payload model."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, SerializerFunctionWrapHandler, model_serializer

__all__ = ["PayloadModel"]


class PayloadModel(BaseModel):
    """A payload as senders really send it: lax input, unknown keys kept, absent fields left out on output."""

    model_config = ConfigDict(
        extra="allow",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
    )

    @model_serializer(mode="wrap")
    def _drop_absent(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        if not isinstance(data, dict):
            return data
        for name, field in type(self).model_fields.items():
            if name not in self.model_fields_set and getattr(self, name, None) is None:
                data.pop(field.serialization_alias or field.alias or name, None)
                data.pop(name, None)
        return data
