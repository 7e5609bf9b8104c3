# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The seen-id store in Redis."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from ...storage.redis import text
from .store import DEFAULT_LEASE_SECONDS, DEFAULT_TTL_SECONDS, Claim, positive

if TYPE_CHECKING:
    import redis

__all__ = ["DEFAULT_REDIS_PREFIX", "DEFAULT_REDIS_URL", "RedisStore"]

DEFAULT_REDIS_URL: Final = "redis://127.0.0.1:6379/0"
DEFAULT_REDIS_PREFIX: Final = "salesman-events:seen:"

# A key's value is `done`, or `in_progress:<owner>` while claimed (plain `in_progress` from the version without
# owners: nobody can release it, it expires with its lease). The previous version reads any value other than
# `done` as in progress, and its release deletes only a plain `in_progress`, so the two can share a server.
# One round trip each; keys that exist have no expired state, since Redis expires them itself.
_REDIS_IN_PROGRESS: Final = Claim.IN_PROGRESS.value + ":"
_REDIS_CLAIM: Final = """
if redis.call('SET', KEYS[1], ARGV[2], 'NX', 'PX', ARGV[1]) then return 'new' end
if redis.call('GET', KEYS[1]) == 'done' then return 'done' end
return 'in_progress'
"""
_REDIS_RELEASE: Final = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""

_REDIS_OUTCOMES: Final = {"new": Claim.NEW, Claim.IN_PROGRESS.value: Claim.IN_PROGRESS, Claim.DONE.value: Claim.DONE}


def _millis(seconds: float, what: str) -> int:
    return max(1, round(positive(seconds, what) * 1000))


class RedisStore:
    """A store in Redis, shared by every receiver that uses the same server and prefix."""

    def __init__(
        self,
        url: str = DEFAULT_REDIS_URL,
        *,
        prefix: str = DEFAULT_REDIS_PREFIX,
        client: redis.Redis | None = None,
    ) -> None:
        self._owns_client = client is None
        if client is None:
            import redis

            client = redis.Redis.from_url(url)
        self._client = client
        self._prefix = prefix
        self._claim = client.register_script(_REDIS_CLAIM)
        self._release = client.register_script(_REDIS_RELEASE)

    def claim(self, key: str, *, owner: str, lease: float = DEFAULT_LEASE_SECONDS) -> Claim:
        args: list[int | str] = [_millis(lease, "lease"), _REDIS_IN_PROGRESS + owner]
        state = text(self._claim(keys=[self._prefix + key], args=args))
        return _REDIS_OUTCOMES.get(state, Claim.IN_PROGRESS)

    def complete(self, key: str, *, ttl: float = DEFAULT_TTL_SECONDS) -> None:
        """Mark `key` as handled, whoever holds it (see `SeenStore.complete`)."""
        self._client.set(self._prefix + key, Claim.DONE.value, px=_millis(ttl, "ttl"))

    def release(self, key: str, *, owner: str) -> None:
        """Delete the key if it still reads `in_progress:<owner>`: compare and delete in one atomic script."""
        self._release(keys=[self._prefix + key], args=[_REDIS_IN_PROGRESS + owner])

    def close(self) -> None:
        """Close the connection pool, unless the client was passed in."""
        if self._owns_client:
            self._client.close()
