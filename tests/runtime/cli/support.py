"""What the command-line tests share: the SDK run as a user runs it, and a `listen` in the background."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from tests.helpers import SDK_ENV

TOKEN = "op3rator-t0ken"
SESSION = "sessid9f8e7d6c5b4a"  # SalesMan's `ses`: must appear in no output, file, store or log line
FORM = {"content-type": "application/x-www-form-urlencoded"}


SDK = [sys.executable, "-m", "salesman_events"]


def sdk(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`salesman-events ARGS` to its end, its output captured."""
    return subprocess.run([*SDK, *args], env=SDK_ENV, cwd=cwd, capture_output=True, text=True, timeout=60)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def listening(workdir: Path, *options: str, env: Mapping[str, str] = SDK_ENV) -> Iterator[str]:
    """`salesman-events listen` in `workdir`, its output in files there; yields its URL with the token."""
    port = free_port()
    command = [sys.executable, "-u", "-m", "salesman_events", "listen", "--port", str(port), "--token", TOKEN, *options]
    with (workdir / "listen.out").open("w") as out, (workdir / "listen.err").open("w") as err:
        listener = subprocess.Popen(command, env=env, cwd=workdir, stdout=out, stderr=err)
        try:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.05)
            yield f"http://127.0.0.1:{port}/?token={TOKEN}"
        finally:
            listener.terminate()
            listener.wait(10)
