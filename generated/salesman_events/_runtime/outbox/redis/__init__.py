# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The outbox on Redis Streams: its key layout (`layout`) and its version (`schema`), Lua scripts (`store_scripts`,
`queue_scripts`, `browse_scripts`), the subscription cache, the engine, and its console side (`browsing`, with
event patterns matched in Lua: `patterns`)."""

from .outbox import DEFAULT_PREFIX, DEFAULT_URL, RedisOutbox, open_redis

__all__ = ["DEFAULT_PREFIX", "DEFAULT_URL", "RedisOutbox", "open_redis"]
