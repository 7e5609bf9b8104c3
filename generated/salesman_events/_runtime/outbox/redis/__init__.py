# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The outbox on Redis Streams: its key layout (`layout`), Lua scripts (`store_scripts`, `queue_scripts`), the
subscription cache, the engine."""

from .outbox import DEFAULT_PREFIX, DEFAULT_URL, RedisOutbox, open_redis

__all__ = ["DEFAULT_PREFIX", "DEFAULT_URL", "RedisOutbox", "open_redis"]
