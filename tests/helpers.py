"""Shared helpers: run the generator and the SDK as users do, and skip-or-fail for things a CI run must have."""

from __future__ import annotations

import hashlib
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
import redis
import uvicorn

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "spec" / "salesman-events.asyncapi.yaml"
GENERATED = REPO / "generated"
VALID_SPECS = sorted((REPO / "tests" / "specs" / "valid").glob("*.yaml"))
BROKEN_SPECS = sorted((REPO / "tests" / "specs" / "broken").glob("*.yaml"))
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
POSTGRES_URL = os.environ.get("POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
FIXTURES = REPO / "tests" / "fixtures"
# The environment of a subprocess that imports the generated SDK (and the generator) from this checkout.
SDK_ENV = {**os.environ, "PYTHONPATH": f"{GENERATED}{os.pathsep}{REPO}"}
T = TypeVar("T")


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str


def run_generator(*args: str | Path, cwd: Path = REPO) -> Run:
    """`python -m generator ARGS` in a subprocess, as the Makefile runs it."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True
    )
    return Run(done.returncode, done.stdout, done.stderr)


MYPY_STRICT = "[mypy]\nstrict = True\nplugins = pydantic.mypy\n"


def run_mypy(target: str | Path, workdir: Path, *, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`mypy --strict` (with the pydantic plugin) on a file or package, with config and cache in `workdir`."""
    config = workdir / "mypy.ini"
    config.write_text(MYPY_STRICT, encoding="utf-8")
    command = [sys.executable, "-m", "mypy", "--config-file", str(config), "--cache-dir", str(workdir / ".mypy")]
    return subprocess.run([*command, str(target)], cwd=cwd, env=SDK_ENV, capture_output=True, text=True)


PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.M | re.S)


def python_blocks(page: str) -> list[str]:
    """The code of every fenced Python block of a Markdown page."""
    return PYTHON_BLOCK.findall(page)


def build_site(site: Path, config: Path = GENERATED / "docs" / "mkdocs.yml") -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of the docs site into `site`."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)]
    return subprocess.run(command, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def tree_digest(root: Path) -> dict[str, str]:
    """sha256 and mtime of every file below root, to prove nothing was touched."""
    return {
        p.relative_to(root).as_posix(): f"{hashlib.sha256(p.read_bytes()).hexdigest()}:{p.stat().st_mtime_ns}"
        for p in sorted(root.rglob("*"))
        if p.is_file() and not {"__pycache__", ".mypy_cache"} & set(p.parts)
    }


def unavailable(reason: str) -> None:
    """Skip locally; under CI=true a missing prerequisite is a failure, never a silent skip."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def redis_client() -> redis.Redis:
    """A connected client of the test Redis; skipped locally without it, failed under CI=true."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=5)
    try:
        client.ping()
    except redis.RedisError as error:
        client.close()
        unavailable(f"Redis not reachable at {REDIS_URL}: {error}")
    return client


def postgres_ready() -> None:
    """Nothing if the test PostgreSQL answers; else skipped locally, failed under CI=true."""
    import psycopg

    try:
        psycopg.connect(POSTGRES_URL, connect_timeout=2).close()
    except psycopg.Error as error:
        unavailable(f"PostgreSQL not reachable at {POSTGRES_URL}: {error}")


def drop_schema(schema: str) -> None:
    """Drop a schema a test made, and everything in it (nothing if the server is down)."""
    import psycopg

    with suppress(psycopg.Error), psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=5) as db:
        db.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def delete_prefix(client: redis.Redis, prefix: str) -> None:
    """Delete every key a test made under its own prefix."""
    keys = list(client.scan_iter(match=prefix + "*", count=1000))
    for start in range(0, len(keys), 1000):
        client.delete(*keys[start : start + 1000])


def wait_until(what: str, predicate: Callable[[], T], timeout: float = 30.0, interval: float = 0.05) -> T:
    """Poll `predicate` until it returns something truthy; fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout:g} s waiting for {what} (last: {value!r})")
        time.sleep(interval)


@contextmanager
def uvicorn_server(app: Any, *, log_level: str = "warning", http: str = "h11") -> Iterator[str]:
    """A real uvicorn server of `app` on a free loopback port, in a thread; yields its base URL. HTTP by h11 unless
    told (uvicorn would pick httptools when installed, which refuses some odd requests before the app sees them)."""
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets whose proto says TCP; without it every
    # keep-alive response (start and body written separately) waits ~40 ms for a delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level=log_level, lifespan="on", http=http))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.01)
        assert server.started
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
