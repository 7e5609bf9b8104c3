# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""`scaffold handlers`: a ready-to-fill module with one typed handler per event, whose receiver takes its token or
secrets from the environment and refuses to start open unless told to."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..events.registry import EventInfo

__all__ = ["ALLOW_OPEN_VARIABLE", "SECRETS_VARIABLE", "TOKEN_VARIABLE", "handlers_module"]

TOKEN_VARIABLE = "SALESMAN_EVENTS_TOKEN"
SECRETS_VARIABLE = "SALESMAN_EVENTS_SECRETS"
ALLOW_OPEN_VARIABLE = "SALESMAN_EVENTS_ALLOW_OPEN"


def handlers_module(events: Mapping[str, EventInfo[Any]], package: str) -> str:
    """Python source of a handlers module for every event of `events`."""
    models = sorted({info.payload_type.__name__ for info in events.values()})
    lines = [
        f'"""Handlers of {package} events. Fill in the ones you need and delete the rest; mypy checks each',
        'signature against the spec."""',
        "",
        "from __future__ import annotations",
        "",
        "import os",
        "",
        f"from {package} import Handlers, Receiver",
    ]
    if models:
        lines += [f"from {package}.models import (", *(f"    {name}," for name in models), ")"]
    lines += ["", "", "class MyHandlers(Handlers):"]
    for name, info in events.items():
        summary = json.dumps(f"{name}: {info.summary}", ensure_ascii=False)
        lines += [
            f"    def {info.method}(self, payload: {info.payload_type.__name__}, /) -> None:",
            f"        {summary}",
            f"        print({json.dumps(name, ensure_ascii=False)}, payload.model_dump_json(), flush=True)",
            "",
        ]
    if not events:
        lines += ["    pass", ""]
    lines += [
        "",
        f'TOKEN = os.environ.get("{TOKEN_VARIABLE}")  # SalesMan calls https://you/hook?token=…',
        f'SECRETS = os.environ.get("{SECRETS_VARIABLE}", "").split()  # whsec_… (space-separated while rotating)',
        f'if not TOKEN and not SECRETS and os.environ.get("{ALLOW_OPEN_VARIABLE}") != "1":',
        "    raise RuntimeError(",
        f'        "this receiver would accept anyone\'s requests: set {TOKEN_VARIABLE} (the token SalesMan sends "',
        f'        "as ?token=…) or {SECRETS_VARIABLE} (whsec_… secrets of signing senders), or "',
        f'        "{ALLOW_OPEN_VARIABLE}=1 to run it open"',
        "    )",
        "",
        "# An ASGI app: uvicorn handlers:receiver, or mount it in FastAPI/Starlette.",
        "receiver = Receiver(token=TOKEN, secrets=SECRETS)",
        "receiver.register(MyHandlers())",
        "",
    ]
    return "\n".join(lines)
