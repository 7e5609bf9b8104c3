# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The Redis outbox's layout version, and the upgrade of an outbox written by an older SDK.

Schema 1: the layout before it had a version (no ``schema`` key). Schema 2 (this one; the console's side): events
keep their trace, attempt log rows their headers, deliveries when they last changed (``updated_at``), subscriptions
when a rotation's old secrets retire (``retire_after``), and ``activity:<minute>`` (with ``activity:minutes``) counts
the attempts of each minute. Each of these reads as absent from a row of schema 1 (no trace, no headers, changed when
created, no retirement, no activity before the upgrade), so the step from 1 rewrites no row: it writes the version.
Handles of an older SDK still running beside newer ones write rows without the new fields, read the same way.

A handle brings the outbox to `SCHEMA_VERSION` before its first command, in one script (Redis runs it alone, so
handles starting together take turns); an outbox from a newer SDK is refused rather than guessed at.
"""

from __future__ import annotations

from typing import Final

__all__ = ["SCHEMA_SCRIPTS", "SCHEMA_VERSION"]

SCHEMA_VERSION: Final = 2

# Each step from an older version goes before the version is written; from 1 there is none (see above).
SCHEMA_SCRIPTS: Final = {
    "upgrade": f"""local found = tonumber(R('GET', p .. 'schema') or '1')
if found > {SCHEMA_VERSION} then
  return redis.error_reply("the outbox has schema " .. found .. ", newer than this code's ({SCHEMA_VERSION})")
end
if found < {SCHEMA_VERSION} then R('SET', p .. 'schema', {SCHEMA_VERSION}) end
return found""",
}
