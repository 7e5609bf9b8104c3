"""Fixtures shared by the runtime suites."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import redis

from tests.helpers import delete_prefix, drop_schema, postgres_ready, redis_client


@pytest.fixture
def redis_prefix() -> Iterator[tuple[redis.Redis, str]]:
    """A client and a key prefix unique to the test (skipped without Redis, failed under CI=true); its keys are
    deleted afterwards."""
    client = redis_client()
    prefix = f"salesman-events-test:{uuid.uuid4().hex}:"
    yield client, prefix
    delete_prefix(client, prefix)
    client.close()


@pytest.fixture
def postgres_schema() -> Iterator[str]:
    """A schema name unique to the test (skipped without PostgreSQL, failed under CI=true); dropped afterwards."""
    postgres_ready()
    schema = f"test_{uuid.uuid4().hex[:16]}"
    yield schema
    drop_schema(schema)
