"""Fixtures of the outbox suites: a fresh outbox of each engine, and handles on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.runtime.outbox import Outbox

from .support import ENGINES, open_engine


@pytest.fixture(params=ENGINES)
def location(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    """(engine, where its data lives), fresh for each test."""
    engine: str = request.param
    if engine == "redis":
        _, prefix = request.getfixturevalue("redis_prefix")
        return engine, prefix
    if engine == "postgres":
        return engine, request.getfixturevalue("postgres_schema")
    return engine, str(tmp_path / "outbox.db")


@pytest.fixture
def reopen(location: tuple[str, str]) -> Iterator[Callable[[], Outbox]]:
    """Opens another handle on the test's outbox; every handle is closed afterwards."""
    handles: list[Outbox] = []

    def open_handle() -> Outbox:
        handles.append(open_engine(*location))
        return handles[-1]

    yield open_handle
    for handle in handles:
        handle.close()


@pytest.fixture
def outbox(reopen: Callable[[], Outbox]) -> Outbox:
    return reopen()
