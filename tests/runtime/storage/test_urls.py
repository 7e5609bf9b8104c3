"""One way to open a store by URL, the same for every kind of store: outboxes, seen-id stores and quarantines."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.runtime.outbox import open_outbox
from generator.runtime.outbox.redis import RedisOutbox
from generator.runtime.receive.dedupe import RedisStore, open_store
from generator.runtime.receive.quarantine import RedisQuarantine, open_quarantine
from generator.runtime.storage import store_location


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("memory://", ("memory", "")),
        ("sqlite:///relative.db", ("sqlite", "relative.db")),
        ("sqlite:////abs/path.db", ("sqlite", "/abs/path.db")),
        ("redis://127.0.0.1:6379/0", ("redis", "redis://127.0.0.1:6379/0")),
        ("rediss://cache.example:6380/2", ("redis", "rediss://cache.example:6380/2")),
        ("unix:///run/redis/redis.sock", ("redis", "unix:///run/redis/redis.sock")),
        ("unix:///run/redis.sock?db=2", ("redis", "unix:///run/redis.sock?db=2")),
        ("postgresql://app@db:5432/app?schema=s", ("postgres", "postgresql://app@db:5432/app?schema=s")),
        ("postgres://db/app", ("postgres", "postgres://db/app")),
    ],
)
def test_every_kind_of_store_url_has_one_reading(url: str, expected: tuple[str, str]) -> None:
    assert store_location(url, "store") == expected


def test_a_unix_socket_url_opens_the_redis_engine_of_every_kind_of_store(tmp_path: Path) -> None:
    url = f"unix://{tmp_path / 'redis.sock'}"  # connections are made lazily: no server needed to open
    outbox = open_outbox(url)
    assert isinstance(outbox, RedisOutbox)
    assert isinstance(open_store(url), RedisStore)
    assert isinstance(open_quarantine(url), RedisQuarantine)


@pytest.mark.parametrize("url", ["ftp://host/x", "mysql://x/y", "outbox.db", "", "memory://"])
def test_an_unsupported_outbox_url_names_every_supported_one(url: str) -> None:
    with pytest.raises(ValueError) as refused:
        open_outbox(url)
    message = str(refused.value)
    assert message.startswith(f"unsupported outbox URL {url!r}: use ")
    supported = message.partition(": use ")[2]
    for form in ("sqlite:///", "redis://", "rediss://", "unix://", "postgresql://"):
        assert form in supported
    assert "memory://" not in supported  # an outbox has no memory engine


def test_a_seen_id_store_url_names_its_own_engines() -> None:
    with pytest.raises(ValueError) as refused:
        open_store("postgresql://db/app")
    supported = str(refused.value).partition(": use ")[2]
    assert "memory://" in supported and "postgresql://" not in supported
