"""The relay's whole path on loopback, for the end-to-end and fault tests: SalesMan-shaped hop-1 calls made by PHP →
the drop-in webhooks.php under `php -S` → the `salesman-events relay` command → a SQLite outbox → worker processes →
a signature-checking receiver under uvicorn, which records every request that reached it."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salesman_events import ReceivedEvent, Receiver
from salesman_events._runtime.outbox.sqlite import SQLiteOutbox
from salesman_events._runtime.wire.signing import new_secret
from tests.helpers import SDK_ENV, uvicorn_server, wait_until

from .salesman_php import SALESMAN_PHP, Recording, loopback_env, php_server

TOKEN = "relay-e2e-token-5d1c"
SESSION = "SESSIONe2e0f7a9"
SDK_COMMAND = (sys.executable, "-m", "salesman_events")
# A worker with a short lease, so that what a killed worker held is delivered again within seconds, not a minute.
WORKER_SCRIPT = """
import asyncio, signal, sys
from salesman_events._runtime.deliver.retry import RetryPolicy
from salesman_events._runtime.deliver.worker import Worker
from salesman_events._runtime.outbox.sqlite import SQLiteOutbox

worker = Worker(SQLiteOutbox(sys.argv[1]), concurrency=8, lease=2.0, poll=0.05,
                policy=RetryPolicy((0.0,) + (0.2,) * 30), allow=["127.0.0.0/8"])

async def main() -> None:
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(signum, stop.set)
    await worker.run(stop)

asyncio.run(main())
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False


@dataclass
class Stack:
    """The running parts; the relay and the workers may be killed and started again."""

    workdir: Path
    php: str
    relay_port: int
    crm_url: str  # the drop-in webhooks.php, where hop 1 sends
    secret: str
    recording: Recording
    typed: list[ReceivedEvent]
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def outbox_url(self) -> str:
        return f"sqlite:///{self.workdir / 'outbox.db'}"

    @property
    def spool(self) -> Path:
        return self.workdir / "spool.jsonl"

    def _spawn(self, *args: str, name: str) -> subprocess.Popen[bytes]:
        log = (self.workdir / f"{name}.log").open("ab")
        process = subprocess.Popen(args, env=SDK_ENV, stdout=log, stderr=log)
        log.close()
        self.processes.append(process)
        return process

    def start_relay(self) -> subprocess.Popen[bytes]:
        command = (*SDK_COMMAND, "relay", "--outbox", self.outbox_url, "--token", TOKEN, "--port", str(self.relay_port))
        process = self._spawn(*command, name="relay")
        wait_until("the relay to listen", lambda: listening(self.relay_port) or process.poll() is not None, 20)
        assert process.poll() is None, (self.workdir / "relay.log").read_text(errors="replace")[-2000:]
        return process

    def start_worker(self) -> subprocess.Popen[bytes]:
        return self._spawn(sys.executable, "-c", WORKER_SCRIPT, str(self.workdir / "outbox.db"), name="worker")

    def import_spool(self) -> subprocess.CompletedProcess[str]:
        command = (*SDK_COMMAND, "relay", "import-spool", str(self.spool), "--outbox", self.outbox_url)
        return subprocess.run(command, env=SDK_ENV, capture_output=True, text=True, timeout=120, check=False)

    def fire(self, script: str, *args: str, timeout: float = 180) -> list[str]:
        """Run a PHP sender of tests/fixtures/php/salesman against the drop-in; its output lines."""
        command = [self.php, str(SALESMAN_PHP / script), *args]
        done = subprocess.run(
            command, env=loopback_env(SALESMAN_SES=SESSION), capture_output=True, text=True, timeout=timeout
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout.splitlines()

    def arrivals(self, path: str) -> Counter[str]:
        """How many requests with each webhook-id reached `path` of the receiver."""
        return Counter(r.headers.get("webhook-id", "") for r in self.recording.requests if r.path == path)

    def outbox_counts(self) -> tuple[int, int, int]:
        outbox = SQLiteOutbox(self.workdir / "outbox.db")
        try:
            status = outbox.status()
            return status.pending, status.delivered, status.dead
        finally:
            outbox.close()


def kill(process: subprocess.Popen[bytes]) -> None:
    """kill -9, and reap it."""
    process.send_signal(signal.SIGKILL)
    process.wait(10)


@contextmanager
def relay_stack(php: str, workdir: Path, formats: tuple[str, ...] = ("json",)) -> Iterator[Stack]:
    """Everything started but the relay and the workers: a receiver per format at /<format> (each its own, as separate
    subscribers are; they share one webhook-id per event), the outbox subscribing each, and the drop-in under
    `php -S`, forwarding to the relay's port."""
    secret = new_secret()
    typed: list[ReceivedEvent] = []
    receivers = {f"/{fmt}": Receiver(secrets=[secret]) for fmt in formats}
    for receiver in receivers.values():
        receiver.on_any(typed.append)

    async def by_path(scope: Any, receive: Any, send: Any) -> None:
        await receivers.get(scope.get("path", ""), receivers[f"/{formats[0]}"])(scope, receive, send)

    recording = Recording(by_path)
    relay_port = free_port()
    crm = workdir / "crm"
    (crm / "developer").mkdir(parents=True)
    dropin = subprocess.run([*SDK_COMMAND, "relay", "dropin"], env=SDK_ENV, capture_output=True, check=True).stdout
    (crm / "developer" / "webhooks.php").write_bytes(dropin)
    env = loopback_env(
        SALESMAN_RELAY_URL=f"http://127.0.0.1:{relay_port}/",
        SALESMAN_RELAY_TOKEN=TOKEN,
        SALESMAN_RELAY_SPOOL=str(workdir / "spool.jsonl"),
    )
    with ExitStack() as stack:
        base = stack.enter_context(uvicorn_server(recording))
        outbox = SQLiteOutbox(workdir / "outbox.db")
        for fmt in formats:
            outbox.subscribe(f"{base}/{fmt}", ["*"], format=fmt, secrets=[secret])
        outbox.close()
        crm_base = stack.enter_context(php_server(php, env, workdir / "php-server.log", root=crm))
        running = Stack(workdir, php, relay_port, f"{crm_base}/developer/webhooks.php", secret, recording, typed)
        try:
            yield running
        finally:
            for process in running.processes:
                if process.poll() is None:
                    process.terminate()
                    try:
                        process.wait(10)
                    except subprocess.TimeoutExpired:
                        kill(process)


def wait_for(what: str, predicate: Any, timeout: float = 60) -> None:
    wait_until(what, predicate, timeout=timeout, interval=0.1)
