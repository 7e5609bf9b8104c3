# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The quarantine in Redis, shared by every receiver that uses the same server and prefix.

Keys under the prefix: `<id>` (a hash of the kept request) and `index` (a sorted set of ids by time received).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Final

from ...storage.redis import text
from .store import DEFAULT_MAX_ENTRIES, KeptRequest

if TYPE_CHECKING:
    import redis

__all__ = ["DEFAULT_REDIS_PREFIX", "DEFAULT_REDIS_URL", "RedisQuarantine"]

DEFAULT_REDIS_URL: Final = "redis://127.0.0.1:6379/0"
DEFAULT_REDIS_PREFIX: Final = "salesman-events:quarantine:"
FIELDS: Final = ("received_at", "reason", "detail", "event", "method", "path", "query", "headers", "body")
# Stored only while fewer than the bound are kept: the count and the writes in one atomic script.
_KEEP: Final = """
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[4])
return 1
"""
_UPDATE: Final = """
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'reason', ARGV[1], 'detail', ARGV[2]) end
"""


class RedisQuarantine:
    """Kept requests in Redis hashes, indexed by time."""

    def __init__(
        self,
        url: str = DEFAULT_REDIS_URL,
        *,
        prefix: str = DEFAULT_REDIS_PREFIX,
        max_entries: int = DEFAULT_MAX_ENTRIES,
        client: redis.Redis | None = None,
    ) -> None:
        if max_entries < 1:
            raise ValueError(f"max_entries must be at least 1, got {max_entries!r}")
        self.max_entries = max_entries
        self._owns_client = client is None
        if client is None:
            import redis

            client = redis.Redis.from_url(url)
        self._client = client
        self._prefix = prefix
        self._index = prefix + "index"
        self._keep = client.register_script(_KEEP)
        self._update = client.register_script(_UPDATE)

    def keep(self, kept: KeptRequest) -> bool:
        fields: list[Any] = ["id", kept.id]
        for name in FIELDS:
            value = getattr(kept, name)
            fields += [name, json.dumps(value, ensure_ascii=False) if name == "headers" else value]
        # ARGV: the bound, the score, then the hash's field/value pairs, the first pair being ("id", id).
        stored = self._keep(
            keys=[self._prefix + kept.id, self._index], args=[self.max_entries, kept.received_at, *fields]
        )
        return bool(stored)

    def get(self, kept_id: str) -> KeptRequest | None:
        return _kept(self._client.hgetall(self._prefix + kept_id))

    def find(
        self, *, event: str | None = None, since: float | None = None, limit: int | None = None
    ) -> list[KeptRequest]:
        ids = self._client.zrangebyscore(self._index, "-inf" if since is None else since, "+inf")
        pipeline = self._client.pipeline(transaction=False)
        for kept_id in ids:
            pipeline.hgetall(self._prefix + text(kept_id))
        found = [k for k in map(_kept, pipeline.execute()) if k is not None and (event is None or k.event == event)]
        return sorted(found, key=lambda k: (k.received_at, k.id))[:limit]

    def update(self, kept_id: str, reason: str, detail: str) -> None:
        self._update(keys=[self._prefix + kept_id], args=[reason, detail])

    def remove(self, kept_id: str) -> None:
        pipeline = self._client.pipeline(transaction=True)
        pipeline.delete(self._prefix + kept_id)
        pipeline.zrem(self._index, kept_id)
        pipeline.execute()

    def count(self) -> int:
        return int(self._client.zcard(self._index))

    def close(self) -> None:
        """Close the connection pool, unless the client was passed in."""
        if self._owns_client:
            self._client.close()


def _kept(fields: dict[Any, Any]) -> KeptRequest | None:
    if not fields:
        return None
    get = {text(k): v for k, v in fields.items()}
    pairs = tuple((str(k), str(v)) for k, v in json.loads(get["headers"]))
    return KeptRequest(
        id=text(get["id"]),
        received_at=float(get["received_at"]),
        reason=text(get["reason"]),
        detail=text(get["detail"]),
        event=text(get["event"]),
        method=text(get["method"]),
        path=text(get["path"]),
        query=bytes(get["query"]),
        headers=pairs,
        body=bytes(get["body"]),
    )
