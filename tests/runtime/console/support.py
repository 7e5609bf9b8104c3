"""What the console suites share: an outbox of each engine with its audit log, and an endpoint that can be made
to fail."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.runtime.console.audit import AuditLog, PostgresAudit, RedisAudit, SQLiteAudit
from generator.runtime.outbox import Outbox
from generator.runtime.outbox.postgres import PostgresOutbox
from generator.runtime.outbox.redis import RedisOutbox
from generator.runtime.outbox.sqlite import SQLiteOutbox
from tests.helpers import POSTGRES_URL, REDIS_URL

ENGINES = ("sqlite", "redis", "postgres")


def open_console_outbox(engine: str, request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Outbox, AuditLog]:
    """A fresh outbox of `engine` and the audit log beside it (cleaned up by the engine's fixture)."""
    if engine == "redis":
        _, prefix = request.getfixturevalue("redis_prefix")
        return RedisOutbox(REDIS_URL, prefix=prefix), RedisAudit(REDIS_URL, key=prefix + "console:audit")
    if engine == "postgres":
        schema = request.getfixturevalue("postgres_schema")
        return PostgresOutbox(POSTGRES_URL, schema=schema), PostgresAudit(POSTGRES_URL, schema=schema)
    path = tmp_path / "outbox.db"
    return SQLiteOutbox(path), SQLiteAudit(str(path))


class Endpoint:
    """An ASGI webhook endpoint that answers 200 "thanks", or 500 "broken on purpose" while `failing`; it keeps
    the payloads it got."""

    def __init__(self) -> None:
        self.failing = False
        self.received: list[dict[str, Any]] = []

    def __enter__(self) -> Endpoint:
        return self

    def __exit__(self, *_: object) -> None:
        self.failing = False

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            if scope["type"] == "lifespan":
                while (await receive())["type"] != "lifespan.shutdown":
                    await send({"type": "lifespan.startup.complete"})
                await send({"type": "lifespan.shutdown.complete"})
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        status, answer = (500, b"broken on purpose") if self.failing else (200, b"thanks")
        if not self.failing:
            self.received.append(json.loads(body))
        headers = [(b"content-type", b"text/plain"), (b"x-endpoint", b"test")]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": answer})
