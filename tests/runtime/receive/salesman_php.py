"""SalesMan's three wire forms made by real PHP over loopback sockets: hop 1 (the cURL form POST of
`developer/events.php`), hop 2 (`developer/webhooks.php` under `php -S`, forwarding `json_encode($_REQUEST)`) and the
legacy hop 2 (its commented-out cURL form POST, `ses` included). The PHP files are in tests/fixtures/php/salesman."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tests.helpers import FIXTURES, unavailable

SALESMAN_PHP = FIXTURES / "php" / "salesman"
SHAPES = SALESMAN_PHP / "shapes.php"
WireForm = Literal["hop1", "hop2", "legacy-hop2"]
WIRE_FORMS: tuple[WireForm, ...] = ("hop1", "hop2", "legacy-hop2")
_PROXY_VARIABLES = {"http_proxy", "https_proxy", "all_proxy", "no_proxy"}


def php_with_curl() -> str:
    """The PHP CLI with its curl extension (SalesMan's hop 1 is a cURL POST); skipped locally without it, failed
    under CI=true."""
    php = shutil.which("php")
    if php is None:
        unavailable("php is not installed (make test installs Debian's php-cli)")
        raise AssertionError("unreachable")
    modules = subprocess.run([php, "-m"], capture_output=True, text=True, check=True).stdout.lower().split()
    if "curl" not in modules:
        unavailable("PHP's curl extension is missing (make test installs Debian's php-curl)")
    return php


def loopback_env(**extra: str) -> dict[str, str]:
    """This process's environment without proxy settings (cURL would honour them): PHP sends to 127.0.0.1 only."""
    kept = {name: value for name, value in os.environ.items() if name.lower() not in _PROXY_VARIABLES}
    return {**kept, **extra}


def shape_events(php: str) -> list[str]:
    """The event names of shapes.php, in its order."""
    code = "echo json_encode(array_keys(require $argv[1]));"
    done = subprocess.run([php, "-r", code, str(SHAPES)], capture_output=True, text=True, check=True, timeout=30)
    names: list[str] = json.loads(done.stdout)
    return names


@dataclass(frozen=True)
class Answer:
    """What the receiver answered one request (through hop 2, as the forwarder saw it)."""

    status: int
    body: str

    def json(self) -> dict[str, Any]:
        try:
            data = json.loads(self.body)
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}


@dataclass(frozen=True)
class Sent:
    """One event fired by send.php: its arguments as PHP has them, and what came back to hop 1."""

    event: str
    shape: int
    args: dict[str, Any]
    status: int
    body: str
    error: str

    def answers(self, form: WireForm) -> list[Answer]:
        """The receiver's answers: hop 1's own response, or those hop 2 reports for each webhook it sent to."""
        if form == "hop1":
            return [Answer(self.status, self.body)] if self.status else []
        try:
            rows = json.loads(self.body)
        except ValueError:
            return []
        return [Answer(int(row["status"]), str(row["body"])) for row in rows]

    def describe(self, form: WireForm) -> str:
        answered = "; ".join(f"{a.status} {a.body[:600]}" for a in self.answers(form))
        hop1 = f"hop 1: {self.status} {self.error}" + ("" if answered else f" {self.body[:600]}")
        return f"{self.event}[{self.shape}] via {form}: {answered or 'no answer'} ({hop1.strip()})"


def send(php: str, shapes: Path, url: str, ses: str, timeout: float = 120) -> list[Sent]:
    """Run send.php: every shape of `shapes` fired through hop 1 to `url`, as the CRM user whose session id is
    `ses`; what each request got back."""
    command = [php, str(SALESMAN_PHP / "send.php"), str(shapes), url]
    done = subprocess.run(
        command, env=loopback_env(SALESMAN_SES=ses), capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, f"send.php failed ({done.returncode}): {done.stderr[-2000:]}"
    return [Sent(**json.loads(line)) for line in done.stdout.splitlines() if line]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _listening(server: subprocess.Popen[bytes], port: int, timeout: float = 10) -> bool:
    """Whether `server` listens on `port` (False: it exited, its port taken between `_free_port` and its start)."""
    deadline = time.monotonic() + timeout
    while server.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            assert time.monotonic() < deadline, f"php -S did not listen on port {port} in {timeout:g} s"
            time.sleep(0.02)
    return False


@contextmanager
def php_server(php: str, env: dict[str, str], log: Path, root: Path = SALESMAN_PHP) -> Iterator[str]:
    """`php -S` on a free loopback port serving `root` (tests/fixtures/php/salesman unless told); yields its base
    URL. PHP's own errors go to `log`."""
    with log.open("wb") as err:
        for _ in range(3):
            port = _free_port()
            command = [php, "-q", "-d", "display_errors=stderr", "-S", f"127.0.0.1:{port}", "-t", str(root)]
            server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=err)
            if _listening(server, port):
                break
        else:
            raise AssertionError(f"php -S did not start: {log.read_text(errors='replace')[-2000:]}")
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            server.wait(10)


@contextmanager
def hop1_target(form: WireForm, php: str, receiver_url: str, events: Iterable[str], workdir: Path) -> Iterator[str]:
    """The URL hop 1 sends to for `form`: the receiver itself, or webhooks.php under `php -S` with a webhook table
    (in `workdir`) subscribing `receiver_url` to each of `events` for tenant 1."""
    if form == "hop1":
        yield receiver_url
        return
    rows = [
        {"id": number, "title": f"test {name}", "event": name, "url": receiver_url, "identity": 1}
        for number, name in enumerate(sorted(set(events)), start=1)
    ]
    table = workdir / "webhooks.json"
    table.write_text(json.dumps({"legacy": form == "legacy-hop2", "webhooks": rows}), encoding="utf-8")
    env = loopback_env(SALESMAN_WEBHOOKS=str(table))
    with php_server(php, env, workdir / "php-server.log") as base:
        yield f"{base}/developer/webhooks.php"


@dataclass(frozen=True)
class Seen:
    """A request as it reached the receiver's socket: its headers (lower-case names) and body, and its path."""

    headers: dict[str, str]
    body: bytes
    path: str = "/"


class Recording:
    """An ASGI app in front of another that keeps every HTTP request (path, headers, body), duplicates too: which wire
    form each really was, and how often it came."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.requests: list[Seen] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        self.requests.append(Seen(headers, body, scope["path"]))
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)
