# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The SQL the PostgreSQL outbox runs (schema 4, made by `schema`), one named statement each; ``{s}`` is the quoted
schema, filled in by `Queries`. Every hot operation is one statement, so that it is one round trip and, on the
outbox's own autocommit connections, one transaction."""

from __future__ import annotations

from typing import Final

from ..interface import ReplayClauses
from .schema import quoted

__all__ = ["Queries"]

VERSION: Final = "SELECT value FROM {s}.meta WHERE key = 'subscriptions_version'"
_SUBSCRIPTION: Final = """SELECT id, url, events, method, format, secrets, enabled, disabled_reason, identities,
    retire_after FROM {s}.subscriptions"""
SUBSCRIPTIONS: Final = _SUBSCRIPTION + " ORDER BY id"
SUBSCRIPTION_TO_EDIT: Final = _SUBSCRIPTION + " WHERE id = %s FOR UPDATE"
EDIT_SUBSCRIPTION: Final = """UPDATE {s}.subscriptions SET url = %s, events = %s, method = %s, format = %s,
    secrets = %s, identities = %s, retire_after = %s WHERE id = %s"""
SUBSCRIBE: Final = """INSERT INTO {s}.subscriptions (url, events, method, format, secrets, enabled, disabled_reason,
    created_at, identities) VALUES (%s, %s, %s, %s, %s, true, '', %s, %s) RETURNING id"""
SUBSCRIPTIONS_CHANGED: Final = "UPDATE {s}.meta SET value = value + 1 WHERE key = 'subscriptions_version'"
SET_ENABLED: Final = "UPDATE {s}.subscriptions SET enabled = %s, disabled_reason = %s WHERE id = %s"
SET_SECRETS: Final = "UPDATE {s}.subscriptions SET secrets = %s WHERE id = %s"
LOCK_SUBSCRIPTIONS: Final = "LOCK TABLE {s}.subscriptions IN SHARE ROW EXCLUSIVE MODE"
ENABLED: Final = "SELECT id FROM {s}.subscriptions WHERE enabled"

# Events and their deliveries, one per route (event name, subscription) and one per tenant route (event id,
# subscription limited to its tenant), if the subscriptions are still those of
# `version` (else nothing, and the caller routes again); the workers are told at commit when some are due now, and
# `token` (an emitter waiting for the commit) is sent whatever was made. Returns (version, deliveries made).
# `traces` may be empty when no event has one (unnest pads it with NULLs): an array of blanks costs to send.
ADD: Final = """WITH version AS (SELECT value FROM {s}.meta WHERE key = 'subscriptions_version'),
new AS (INSERT INTO {s}.events (id, name, payload, created_at, bare, trace)
    SELECT id, name, payload, created, bare, coalesce(trace, '') FROM unnest(%(ids)b::text[], %(names)b::text[],
        %(payloads)b::bytea[], %(created)b::float8[], %(bare)b::bool[], %(traces)s::text[])
        AS u (id, name, payload, created, bare, trace) WHERE (SELECT value FROM version) = %(version)s
    RETURNING seq, id, name, created_at),
made AS (INSERT INTO {s}.deliveries (event_seq, subscription_id, state, attempts, next_attempt_at, updated_at)
    SELECT seq, sid, 'pending', 0, created_at, created_at FROM (
        SELECT new.seq, r.sid, new.created_at FROM new
        JOIN unnest(%(route_names)s::text[], %(route_ids)s::bigint[]) AS r (name, sid) ON r.name = new.name
        UNION ALL
        SELECT new.seq, t.sid, new.created_at FROM new
        JOIN unnest(%(tenant_events)s::text[], %(tenant_ids)s::bigint[]) AS t (id, sid) ON t.id = new.id
    ) AS routed ORDER BY seq, sid
    RETURNING next_attempt_at),
told AS (SELECT pg_notify(%(channel)s, %(token)s) WHERE %(token)s <> ''
    OR EXISTS (SELECT FROM made WHERE next_attempt_at <= %(now)s))
SELECT (SELECT value FROM version), (SELECT count(*) FROM made), (SELECT count(*) FROM told)"""
# `ADD` of one event, with scalar parameters (cheaper to send than arrays of one): `route_ids` is the text of an
# array of integers, e.g. "{1,4}".
ADD_ONE: Final = """WITH version AS (SELECT value FROM {s}.meta WHERE key = 'subscriptions_version'),
new AS (INSERT INTO {s}.events (id, name, payload, created_at, bare, trace)
    SELECT %(id)s, %(name)s, %(payload)s, %(created)s, %(bare)s, %(trace)s
    WHERE (SELECT value FROM version) = %(version)s
    RETURNING seq, created_at),
made AS (INSERT INTO {s}.deliveries (event_seq, subscription_id, state, attempts, next_attempt_at, updated_at)
    SELECT new.seq, r.sid, 'pending', 0, new.created_at, new.created_at
    FROM new, unnest(%(route_ids)s::bigint[]) AS r (sid) ORDER BY r.sid
    RETURNING next_attempt_at),
told AS (SELECT pg_notify(%(channel)s, %(token)s) WHERE %(token)s <> ''
    OR EXISTS (SELECT FROM made WHERE next_attempt_at <= %(now)s))
SELECT (SELECT value FROM version), (SELECT count(*) FROM made), (SELECT count(*) FROM told)"""

# Lease up to `limit` due deliveries: pending and due, or leased by someone whose lease expired; rows another
# worker is locking right now are skipped, never waited for. Returns the leases with their events.
CLAIM: Final = f"""WITH pending AS (SELECT id, next_attempt_at FROM {{s}}.deliveries WHERE state = 'pending'
    AND next_attempt_at <= %(now)s AND subscription_id IN ({ENABLED})
    ORDER BY next_attempt_at LIMIT %(limit)s FOR UPDATE SKIP LOCKED),
expired AS (SELECT id, next_attempt_at FROM {{s}}.deliveries WHERE state = 'delivering'
    AND lease_expires_at < %(now)s AND subscription_id IN ({ENABLED})
    ORDER BY lease_expires_at LIMIT %(limit)s FOR UPDATE SKIP LOCKED),
picked AS (SELECT id FROM (SELECT * FROM pending UNION ALL SELECT * FROM expired) AS due
    ORDER BY next_attempt_at, id LIMIT %(limit)s)
UPDATE {{s}}.deliveries d SET state = 'delivering', lease_owner = %(owner)s, lease_expires_at = %(expires)s,
    attempts = d.attempts + 1, updated_at = %(now)s
FROM picked, {{s}}.events e WHERE d.id = picked.id AND e.seq = d.event_seq
RETURNING d.id, d.subscription_id, d.attempts, d.next_attempt_at, e.id, e.name, e.payload, e.created_at, e.trace,
    ({VERSION})"""
# Attempts' outcomes, many at once: each delivery moved on and its attempt logged if `owner` still holds its lease
# (the same attempt number); the activity rows (`minute`, `sid`, `bucket` of each outcome) counted up and each
# subscription's last failure kept, of those recorded only. Activity rows are written in key order, so concurrent
# workers lock them in one order. Returns the ids of those recorded.
RECORD: Final = """WITH outcome AS (SELECT * FROM unnest(%(ids)b::bigint[], %(attempts)b::integer[], %(states)b::text[],
    %(retry_at)s::float8[], %(status)s::integer[], %(started)b::float8[], %(latency)b::float8[], %(response)b::text[],
    %(outcomes)b::text[], %(headers)b::text[], %(minutes)b::bigint[], %(sids)b::bigint[], %(buckets)b::integer[])
    WITH ORDINALITY AS o (id, attempt, state, retry_at, status, started, latency, response, outcome, headers, minute,
    sid, bucket, n)),
finished AS (UPDATE {s}.deliveries d SET state = o.state, next_attempt_at = coalesce(o.retry_at, d.next_attempt_at),
    lease_owner = NULL, lease_expires_at = NULL, last_status = o.status, updated_at = %(now)s
    FROM outcome o WHERE d.id = o.id AND d.state = 'delivering' AND d.lease_owner = %(owner)s
    AND d.attempts = o.attempt RETURNING d.id, d.attempts),
recorded AS (SELECT o.* FROM outcome o JOIN finished f ON f.id = o.id AND f.attempts = o.attempt),
logged AS (INSERT INTO {s}.attempts (delivery_id, started_at, latency, status, response, outcome, next_attempt_at,
    headers) SELECT id, started, latency, status, response, outcome, retry_at, headers FROM recorded),
counted AS (INSERT INTO {s}.activity AS a (minute, subscription_id, bucket, delivered, failed)
    SELECT minute, sid, bucket, count(*) FILTER (WHERE outcome = 'delivered'),
        count(*) FILTER (WHERE outcome <> 'delivered') FROM recorded GROUP BY minute, sid, bucket
        ORDER BY minute, sid, bucket
    ON CONFLICT (minute, subscription_id, bucket)
    DO UPDATE SET delivered = a.delivered + excluded.delivered, failed = a.failed + excluded.failed),
failed AS (INSERT INTO {s}.last_failures (subscription_id, status, response, started_at)
    SELECT DISTINCT ON (sid) sid, status, response, started FROM recorded WHERE outcome <> 'delivered'
        ORDER BY sid, n DESC
    ON CONFLICT (subscription_id)
    DO UPDATE SET status = excluded.status, response = excluded.response, started_at = excluded.started_at)
SELECT id FROM finished"""
DISABLE: Final = "UPDATE {s}.subscriptions SET enabled = false, disabled_reason = %s WHERE id = %s"
RELEASE: Final = """UPDATE {s}.deliveries d SET state = 'pending', next_attempt_at = %(now)s, attempts = d.attempts - 1,
    lease_owner = NULL, lease_expires_at = NULL, updated_at = %(now)s
FROM unnest(%(ids)s::bigint[], %(attempts)s::integer[]) AS r (id, attempt)
WHERE d.id = r.id AND d.state = 'delivering' AND d.lease_owner = %(owner)s AND d.attempts = r.attempt"""
REPLAY: Final = f"""UPDATE {{s}}.deliveries SET state = 'pending', next_attempt_at = %(now)s, attempts = 0,
    updated_at = %(now)s WHERE state <> 'delivering' AND subscription_id IN ({ENABLED})"""
REPLAY_EVENT: Final = " AND event_seq = (SELECT seq FROM {s}.events WHERE id = %(event_id)s)"
REPLAY_SINCE: Final = " AND event_seq IN (SELECT seq FROM {s}.events WHERE created_at >= %(since)s)"
REPLAY_DEAD: Final = " AND state = 'dead'"
REPLAY_PENDING: Final = " AND state = 'pending'"
REPLAY_SUBSCRIPTION: Final = " AND subscription_id = %(subscription_id)s"
REPLAY_DELIVERIES: Final = " AND id = ANY(%(delivery_ids)s::bigint[])"
WAKE: Final = "SELECT pg_notify(%s, '')"

COUNT_STATES: Final = "SELECT state, count(*) FROM {s}.deliveries GROUP BY state"
PENDING_BY_SUBSCRIPTION: Final = """SELECT d.subscription_id, count(*), min(e.created_at),
    min(d.next_attempt_at) FILTER (WHERE d.state = 'pending') FROM {s}.deliveries d
    JOIN {s}.events e ON e.seq = d.event_seq WHERE d.state IN ('pending', 'delivering') GROUP BY d.subscription_id"""
FAILURES_BY_SUBSCRIPTION: Final = """SELECT d.subscription_id, count(*) FROM {s}.attempts a
    JOIN {s}.deliveries d ON d.id = a.delivery_id WHERE a.outcome <> 'delivered' GROUP BY d.subscription_id"""
LAST_FAILURES: Final = "SELECT subscription_id, status, response, started_at FROM {s}.last_failures"
ATTEMPTS: Final = """SELECT started_at, latency, status, response, outcome, next_attempt_at, headers FROM {s}.attempts
    WHERE delivery_id = %s ORDER BY id"""

# The console's reads (`browsing`). A delivery as a listing shows it (`d` the delivery, `e` its event):
_ROW: Final = """d.id, e.id, e.name, d.subscription_id, d.state, d.attempts, e.created_at, d.updated_at,
    d.next_attempt_at, d.last_status"""
DELIVERY: Final = f"""SELECT {_ROW}, e.payload, e.trace, ({VERSION}) FROM {{s}}.deliveries d
    JOIN {{s}}.events e ON e.seq = d.event_seq WHERE d.id = %s"""
# A search looks at no more than `scan` deliveries below `before`, newest first, of those `{looked}` selects (each
# by an index: any, one event's, the dead), and keeps those every `{criteria}` holds for, up to `limit`.
_LOOKED: Final = "SELECT * FROM {s}.deliveries WHERE {looked} AND id < %(before)s ORDER BY id DESC LIMIT %(scan)s"
LOOK_ANY: Final = "true"
LOOK_EVENT: Final = "event_seq = (SELECT seq FROM {s}.events WHERE id = %(event_id)s)"
LOOK_DEAD: Final = "state = 'dead'"
# Each delivery's event by its key, one at a time (OFFSET 0: else the planner may read every event into a hash).
_EVENTS: Final = """CROSS JOIN LATERAL (SELECT id, name, created_at FROM {s}.events WHERE seq = d.event_seq OFFSET 0)
    AS e"""
SEARCH: Final = f"""SELECT {_ROW} FROM ({_LOOKED}) AS d {_EVENTS} WHERE true{{criteria}} ORDER BY d.id DESC
    LIMIT %(limit)s"""
SEARCH_NAMES: Final = f"""SELECT DISTINCT e.name FROM ({_LOOKED}) AS d {_EVENTS}
    WHERE true{{criteria}}"""  # the event names a pattern is matched against
# Where the next page starts: after the last row of a full page (`last`), else after the smallest id looked at if
# the scan was cut; nothing when no delivery is left below it.
SEARCH_EDGE: Final = f"""WITH edge AS (SELECT coalesce(%(last)s::bigint,
    (SELECT min(id) FROM ({_LOOKED}) AS looked HAVING count(*) = %(scan)s)) AS id)
SELECT id FROM edge WHERE EXISTS (SELECT FROM {{s}}.deliveries WHERE {{looked}} AND id < edge.id)"""
SEARCH_EVENT_ID: Final = " AND e.id = %(event_id)s"
SEARCH_NAMES_IN: Final = " AND e.name = ANY(%(names)s::text[])"
SEARCH_SUBSCRIPTION: Final = " AND d.subscription_id = %(subscription_id)s"
SEARCH_STATE: Final = " AND d.state = %(state)s"
SEARCH_SINCE: Final = " AND e.created_at >= %(since)s"
SEARCH_UNTIL: Final = " AND e.created_at < %(until)s"
# The queue's size, each count by a partial index (never over the delivered).
QUEUE_COUNTS: Final = """SELECT (SELECT count(*) FROM {s}.deliveries WHERE state = 'pending')
    + (SELECT count(*) FROM {s}.deliveries WHERE state = 'delivering'),
    (SELECT count(*) FROM {s}.deliveries WHERE state = 'pending' AND next_attempt_at <= %(now)s),
    (SELECT count(*) FROM {s}.deliveries WHERE state = 'dead')"""
ACTIVITY: Final = """SELECT minute / %(step)s * %(step)s AS start, subscription_id, bucket, sum(delivered)::bigint,
    sum(failed)::bigint FROM {s}.activity WHERE minute >= %(first)s AND minute <= %(last)s
    GROUP BY start, subscription_id, bucket ORDER BY start, subscription_id, bucket"""
# A test event's subscription, whether it is enabled, and the subscriptions' version, each kept as read until the
# transaction ends; locked in the order every change takes them (the subscription, then the version).
SUBSCRIPTION_TO_ADD_TO: Final = "SELECT enabled FROM {s}.subscriptions WHERE id = %s FOR SHARE"
VERSION_KEPT: Final = VERSION + " FOR SHARE"

# Retention, in steps: finished deliveries and their attempt logs (the states spelt out, so that the partial index
# `deliveries_finished` serves); then their events, once no delivery of theirs is left (locked first, so that two
# workers removing an event's last two deliveries at once can't both leave it); then events that went nowhere.
_PURGE_DELIVERIES: Final = """WITH gone AS (DELETE FROM {{s}}.deliveries WHERE id IN (SELECT id FROM {{s}}.deliveries
    WHERE state IN ({states}) AND updated_at < %(before)s ORDER BY updated_at LIMIT %(limit)s FOR UPDATE SKIP LOCKED)
    RETURNING id, event_seq),
logs AS (DELETE FROM {{s}}.attempts WHERE delivery_id IN (SELECT id FROM gone))
SELECT count(*), array_agg(DISTINCT event_seq) FROM gone"""
PURGE_FINISHED: Final = _PURGE_DELIVERIES.format(states="'delivered', 'cancelled'")
PURGE_FINISHED_AND_DEAD: Final = _PURGE_DELIVERIES.format(states="'delivered', 'cancelled', 'dead'")
LOCK_EVENTS: Final = "SELECT seq FROM {s}.events WHERE seq = ANY(%s) ORDER BY seq FOR UPDATE"
PURGE_EMPTIED_EVENTS: Final = """DELETE FROM {s}.events e WHERE seq = ANY(%s)
    AND NOT EXISTS (SELECT FROM {s}.deliveries d WHERE d.event_seq = e.seq)"""
PURGE_BARE_EVENTS: Final = """DELETE FROM {s}.events WHERE seq IN (SELECT seq FROM {s}.events
    WHERE bare AND created_at < %(before)s ORDER BY created_at LIMIT %(limit)s FOR UPDATE SKIP LOCKED)"""
PURGE_ACTIVITY: Final = """DELETE FROM {s}.activity WHERE (minute, subscription_id, bucket) IN (
    SELECT minute, subscription_id, bucket FROM {s}.activity WHERE minute < %(before)s ORDER BY minute
    LIMIT %(limit)s FOR UPDATE SKIP LOCKED)"""

_STATEMENTS: Final = {name: value for name, value in globals().items() if name.isupper() and not name.startswith("_")}


class Queries:
    """Every statement with the schema filled in, as attributes named as above (`q.ADD`, `q.CLAIM`, …)."""

    REPLAY_CLAUSES: ReplayClauses

    def __init__(self, schema: str) -> None:
        self.schema = schema
        self.channel = f"{schema}.due"  # the LISTEN/NOTIFY channel workers wait on
        for name, statement in _STATEMENTS.items():
            setattr(self, name, statement.replace("{s}", quoted(schema)))
        self.REPLAY_CLAUSES = ReplayClauses(
            self.REPLAY_EVENT, self.REPLAY_SINCE, self.REPLAY_DEAD, self.REPLAY_PENDING, self.REPLAY_SUBSCRIPTION,
            self.REPLAY_DELIVERIES,
        )  # fmt: skip

    def __getattr__(self, name: str) -> str:  # for type checkers: every statement is a str attribute
        raise AttributeError(name)
