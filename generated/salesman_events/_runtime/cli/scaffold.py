# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""`scaffold handlers`: a ready-to-fill module with one typed handler per event."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..events.registry import EventInfo

__all__ = ["handlers_module"]


def handlers_module(events: Mapping[str, EventInfo[Any]], package: str) -> str:
    """Python source of a handlers module for every event of `events`."""
    models = sorted({info.payload_type.__name__ for info in events.values()})
    lines = [
        f'"""Handlers of {package} events. Fill in the ones you need and delete the rest; mypy checks each',
        'signature against the spec."""',
        "",
        "from __future__ import annotations",
        "",
        "import logging",
        "",
        f"from {package} import Handlers, Receiver",
    ]
    if models:
        lines += [f"from {package}.models import (", *(f"    {name}," for name in models), ")"]
    lines += ["", 'logger = logging.getLogger("handlers")', "", "", "class MyHandlers(Handlers):"]
    for name, info in events.items():
        summary = json.dumps(f"{name}: {info.summary}", ensure_ascii=False)
        lines += [
            f"    def {info.method}(self, payload: {info.payload_type.__name__}, /) -> None:",
            f"        {summary}",
            f"        logger.info({json.dumps(name + ' %s', ensure_ascii=False)}, payload)",
            "",
        ]
    if not events:
        lines += ["    pass", ""]
    lines += [
        "",
        "receiver = Receiver()  # an ASGI app: uvicorn handlers:receiver, or mount it in FastAPI/Starlette",
        "receiver.register(MyHandlers())",
        "",
    ]
    return "\n".join(lines)
