"""What the PostgreSQL outbox's own tests share: a recording loopback receiver, and the outbox URL of the test's
schema."""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from tests.helpers import POSTGRES_URL, uvicorn_server


class Recorder:
    """An ASGI app that answers 200 to every request and keeps each one's `webhook-id`."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay  # seconds before each answer
        self._lock = threading.Lock()
        self._ids: list[str] = []
        self.url = ""

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while (message := await receive())["type"] != "lifespan.shutdown":
                await send({"type": f"{message['type']}.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        while (await receive()).get("more_body"):
            pass
        if self.delay:
            await asyncio.sleep(self.delay)
        headers = dict(scope["headers"])
        with self._lock:
            self._ids.append(headers.get(b"webhook-id", b"").decode())
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
        await send({"type": "http.response.body", "body": b"ok"})

    def ids(self) -> Counter[str]:
        with self._lock:
            return Counter(self._ids)


@pytest.fixture
def receiver() -> Iterator[Recorder]:
    recorder = Recorder()
    with uvicorn_server(recorder) as url:
        recorder.url = url + "/hook"
        yield recorder


@pytest.fixture
def outbox_url(postgres_schema: str) -> str:
    return f"{POSTGRES_URL}?schema={postgres_schema}"
