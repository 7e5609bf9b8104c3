# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""What every store kept in Redis shares."""

from __future__ import annotations

from typing import Any

__all__ = ["text"]


def text(value: Any) -> str:
    """A Redis reply (bytes) as text."""
    return value.decode() if isinstance(value, bytes) else str(value)
