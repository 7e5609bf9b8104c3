# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The SQL the SQLite outbox runs (schema 4, made by `schema`; retention's in `purging`), one named statement each."""

from __future__ import annotations

from typing import Final

from ..interface import ReplayClauses

__all__ = [
    "ADD_ACTIVITY",
    "BUMP_SUBSCRIPTIONS",
    "CLAIM",
    "COUNT_STATES",
    "DISABLE",
    "ENABLED_SUBSCRIPTIONS",
    "FAILURES_BY_SUBSCRIPTION",
    "FAN_OUT",
    "FAN_OUT_EACH",
    "FINISH",
    "INSERT_ATTEMPT",
    "INSERT_COMMIT",
    "INSERT_EVENT",
    "INSERT_SUBSCRIPTION",
    "KEEP_LAST_FAILURE",
    "LAST_COMMIT",
    "LAST_FAILURE_BY_SUBSCRIPTION",
    "LEASED",
    "PENDING_BY_SUBSCRIPTION",
    "RELEASE",
    "REPLAY",
    "REPLAY_CLAUSES",
    "REPLAY_DEAD",
    "REPLAY_DELIVERIES",
    "REPLAY_EVENT",
    "REPLAY_PENDING",
    "REPLAY_SINCE",
    "REPLAY_SUBSCRIPTION",
    "SELECT_ATTEMPTS",
    "SELECT_EVENTS",
    "SELECT_SUBSCRIPTIONS",
    "SET_ENABLED",
    "SET_SECRETS",
    "SUBSCRIPTIONS_VERSION",
    "SUBSCRIPTION_COLUMNS",
]

SUBSCRIPTIONS_VERSION: Final = "SELECT value FROM meta WHERE key = 'subscriptions_version'"
BUMP_SUBSCRIPTIONS: Final = "UPDATE meta SET value = value + 1 WHERE key = 'subscriptions_version'"
SUBSCRIPTION_COLUMNS: Final = (
    "id, url, events, method, format, secrets, enabled, disabled_reason, identities, retire_after"
)
SELECT_SUBSCRIPTIONS: Final = f"SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions ORDER BY id"
INSERT_SUBSCRIPTION: Final = """INSERT INTO subscriptions (url, events, method, format, secrets, enabled,
    disabled_reason, created_at, identities) VALUES (?, ?, ?, ?, ?, 1, '', ?, ?)"""
SET_ENABLED: Final = "UPDATE subscriptions SET enabled = ?, disabled_reason = ? WHERE id = ?"
SET_SECRETS: Final = "UPDATE subscriptions SET secrets = ? WHERE id = ?"
INSERT_EVENT: Final = "INSERT INTO events (id, name, payload, created_at, trace, bare) VALUES (?, ?, ?, ?, ?, ?)"
LAST_COMMIT: Final = "SELECT (SELECT coalesce(max(seq), 0) FROM events), (SELECT coalesce(max(at), 0) FROM commits)"
# A commit's time: now, or the previous commit's or one of its events' created_at if later (a clock that went back).
INSERT_COMMIT: Final = """INSERT INTO commits (first_seq, at) SELECT ?1 + 1, max(?2, ?3, max(created_at)) FROM events
    WHERE seq > ?1"""
# The deliveries of the events just inserted (seq past the last one), one per [name, subscription] route: made in SQL
# rather than bound row by row, the fastest way for big batches. The routes are unpacked from their JSON once, not
# per event; CROSS JOIN keeps the deliveries in event order. (The WITH after INSERT: sqlite3 counts only
# statements that start with INSERT.)
FAN_OUT: Final = """INSERT INTO deliveries (event_seq, subscription_id, state, attempts, next_attempt_at, updated_at)
WITH r (name, sid) AS MATERIALIZED (SELECT value ->> 0, value ->> 1 FROM json_each(?1))
SELECT e.seq, r.sid, 'pending', 0, e.created_at, e.created_at FROM events e CROSS JOIN r
WHERE e.seq > ?2 AND e.name = r.name"""
# The deliveries of tenant-limited subscriptions, one per [offset, subscription] pair: the event inserted `offset`
# events after the last one before the batch (seqs are consecutive within a write transaction).
FAN_OUT_EACH: Final = """INSERT INTO deliveries (event_seq, subscription_id, state, attempts, next_attempt_at,
    updated_at)
WITH r (seq, sid) AS MATERIALIZED (SELECT ?2 + 1 + (value ->> 0), value ->> 1 FROM json_each(?1))
SELECT e.seq, r.sid, 'pending', 0, e.created_at, e.created_at FROM r JOIN events e ON e.seq = r.seq"""
ENABLED_SUBSCRIPTIONS: Final = "SELECT id FROM subscriptions WHERE enabled = 1"
# Two index range scans (due pending ones, expired leases), each stopping at `limit`, then merged by age.
CLAIM: Final = f"""UPDATE deliveries SET state = 'delivering', lease_owner = :owner, lease_expires_at = :expires,
    attempts = attempts + 1, updated_at = :now
WHERE id IN (SELECT id FROM (
    SELECT id, next_attempt_at FROM (SELECT id, next_attempt_at FROM deliveries WHERE state = 'pending'
        AND next_attempt_at <= :now AND subscription_id IN ({ENABLED_SUBSCRIPTIONS})
        ORDER BY next_attempt_at LIMIT :limit)
    UNION ALL
    SELECT id, next_attempt_at FROM (SELECT id, next_attempt_at FROM deliveries WHERE state = 'delivering'
        AND lease_expires_at < :now AND subscription_id IN ({ENABLED_SUBSCRIPTIONS})
        ORDER BY next_attempt_at LIMIT :limit)
    ORDER BY next_attempt_at LIMIT :limit))
RETURNING id, event_seq, subscription_id, attempts, next_attempt_at"""
SELECT_EVENTS: Final = """SELECT seq, id, name, payload, created_at, trace FROM events
    WHERE seq IN (SELECT value FROM json_each(?))"""
LEASED: Final = "id = ? AND state = 'delivering' AND lease_owner = ? AND attempts = ?"
FINISH: Final = f"""UPDATE deliveries SET state = ?, next_attempt_at = coalesce(?, next_attempt_at),
    lease_owner = NULL, lease_expires_at = NULL, last_status = ?, updated_at = ? WHERE {LEASED}"""
INSERT_ATTEMPT: Final = """INSERT INTO attempts (delivery_id, started_at, latency, status, response, outcome,
    next_attempt_at, headers) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"""
ADD_ACTIVITY: Final = """INSERT INTO activity (minute, subscription_id, bucket, delivered, failed)
    VALUES (?, ?, ?, ?, ?) ON CONFLICT (minute, subscription_id, bucket)
    DO UPDATE SET delivered = delivered + excluded.delivered, failed = failed + excluded.failed"""
KEEP_LAST_FAILURE: Final = """INSERT INTO last_failures (subscription_id, status, response, started_at)
    VALUES (?, ?, ?, ?) ON CONFLICT (subscription_id) DO UPDATE SET status = excluded.status,
    response = excluded.response, started_at = excluded.started_at WHERE excluded.started_at >= started_at"""
DISABLE: Final = "UPDATE subscriptions SET enabled = 0, disabled_reason = ? WHERE id = ?"
RELEASE: Final = f"""UPDATE deliveries SET state = 'pending', next_attempt_at = ?, attempts = attempts - 1,
    lease_owner = NULL, lease_expires_at = NULL, updated_at = ? WHERE {LEASED}"""
REPLAY: Final = f"""UPDATE deliveries SET state = 'pending', next_attempt_at = :now, attempts = 0, updated_at = :now
WHERE state != 'delivering' AND subscription_id IN ({ENABLED_SUBSCRIPTIONS})"""
REPLAY_EVENT: Final = " AND event_seq = (SELECT seq FROM events WHERE id = :event_id)"
REPLAY_SINCE: Final = """ AND event_seq IN (SELECT seq FROM events WHERE created_at >= :since
    AND seq >= (SELECT first_seq FROM commits WHERE at >= :since ORDER BY at, first_seq LIMIT 1))"""
REPLAY_DEAD: Final = " AND state = 'dead'"
REPLAY_PENDING: Final = " AND state = 'pending'"
REPLAY_SUBSCRIPTION: Final = " AND subscription_id = :subscription_id"
REPLAY_DELIVERIES: Final = " AND id IN (SELECT value FROM json_each(:delivery_ids))"
REPLAY_CLAUSES: Final = ReplayClauses(
    REPLAY_EVENT, REPLAY_SINCE, REPLAY_DEAD, REPLAY_PENDING, REPLAY_SUBSCRIPTION, REPLAY_DELIVERIES
)
COUNT_STATES: Final = "SELECT state, count(*) FROM deliveries GROUP BY state"
PENDING_BY_SUBSCRIPTION: Final = """SELECT d.subscription_id, count(*), min(e.created_at),
    min(CASE WHEN d.state = 'pending' THEN d.next_attempt_at END) FROM deliveries d
    JOIN events e ON e.seq = d.event_seq WHERE d.state IN ('pending', 'delivering') GROUP BY d.subscription_id"""
FAILURES_BY_SUBSCRIPTION: Final = """SELECT d.subscription_id, count(*) FROM attempts a
    JOIN deliveries d ON d.id = a.delivery_id WHERE a.outcome != 'delivered' GROUP BY d.subscription_id"""
LAST_FAILURE_BY_SUBSCRIPTION: Final = """SELECT d.subscription_id, a.status, a.response, a.started_at FROM attempts a
    JOIN deliveries d ON d.id = a.delivery_id WHERE a.id IN (SELECT max(a.id) FROM attempts a
    JOIN deliveries d ON d.id = a.delivery_id WHERE a.outcome != 'delivered' GROUP BY d.subscription_id)"""
SELECT_ATTEMPTS: Final = """SELECT started_at, latency, status, response, outcome, next_attempt_at, headers
    FROM attempts WHERE delivery_id = ? ORDER BY id"""
