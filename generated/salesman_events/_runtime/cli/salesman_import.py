# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""`salesman-events import-subscriptions mysql://user:pass@host/db [--prefix app_] [--dry-run]`: SalesMan's own webhook
table (`{prefix}webhook`: id, title, event, url, identity) into outbox subscriptions, one per row, for its event and
its tenant, in SalesMan's own JSON so that the receivers it served keep working. Rows that can't be used are listed
with the reason; running it again adds nothing that is there already."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import unquote, urlsplit

from ..deliver.emitter import DEFAULT_OUTBOX
from ..deliver.ssrf import AddressPolicy, BlockedAddress
from ..events.registry import EventInfo, did_you_mean
from ..outbox import Outbox, Subscription, open_outbox

__all__ = [
    "IMPORT_COMMANDS",
    "Plan",
    "WebhookRow",
    "add_import_command",
    "plan_import",
    "read_webhook_rows",
    "run_import",
]

IMPORT_COMMANDS: Final = ("import-subscriptions",)
DEFAULT_PREFIX: Final = "app_"
IMPORTED_FORMAT: Final = "salesman"  # what SalesMan's hop 2 sent: its receivers keep working unchanged
_PREFIX: Final = re.compile(r"[A-Za-z0-9_]{0,32}")


@dataclass(frozen=True)
class WebhookRow:
    """One row of SalesMan's `{prefix}webhook` table."""

    id: int
    title: str
    event: str
    url: str
    identity: int | None


@dataclass(frozen=True)
class Plan:
    """What an import does: the rows to subscribe, those subscribed already, and those it can't use (with why)."""

    add: tuple[WebhookRow, ...]
    present: tuple[WebhookRow, ...]
    unusable: tuple[tuple[WebhookRow, str], ...]


def add_import_command(commands: Any) -> None:
    """Add `import-subscriptions` to an argparse subparsers object."""
    command = commands.add_parser("import-subscriptions", help="SalesMan's webhook table into subscriptions")
    command.add_argument("database", help="SalesMan's MySQL/MariaDB database: mysql://user:password@host:3306/name")
    command.add_argument("--prefix", default=DEFAULT_PREFIX, help="the install's table prefix, $sqlname (default app_)")
    command.add_argument("--dry-run", action="store_true", help="say what would be subscribed; change nothing")
    command.add_argument(
        "--allow-private", action="append", default=[], metavar="CIDR", help="internal addresses workers may deliver to"
    )
    command.add_argument("--outbox", default=DEFAULT_OUTBOX, help=f"outbox URL (default {DEFAULT_OUTBOX})")
    command.add_argument("--json", action="store_true", help="one JSON object: added, present, unusable")


def read_webhook_rows(database: str, prefix: str) -> list[WebhookRow]:
    """Every row of `{prefix}webhook`, by id (PyMySQL: `pip install salesman-events[mysql]`)."""
    import pymysql

    if not _PREFIX.fullmatch(prefix):
        raise ValueError(f"not a table prefix: {prefix!r}")
    parts = urlsplit(database)
    if parts.scheme not in ("mysql", "mariadb") or not parts.hostname or not parts.path.strip("/"):
        raise ValueError("the database URL is mysql://user:password@host:port/database")
    connection = pymysql.connect(
        host=parts.hostname,
        port=parts.port or 3306,
        user=unquote(parts.username or "root"),
        password=unquote(parts.password or ""),
        database=unquote(parts.path.strip("/")),
        charset="utf8mb4",
        connect_timeout=10,
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, title, event, url, identity FROM `{prefix}webhook` ORDER BY id")
            found = cursor.fetchall()
    finally:
        connection.close()
    return [
        WebhookRow(int(id_), str(title or ""), str(event or "").strip(), str(url or "").strip(), _identity(identity))
        for id_, title, event, url, identity in found
    ]


def _identity(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def plan_import(
    rows: Sequence[WebhookRow], events: Mapping[str, Any], existing: Sequence[Subscription], policy: AddressPolicy
) -> Plan:
    """Which rows become subscriptions, which are subscribed already, and why each other row can't be used."""
    add: list[WebhookRow] = []
    present: list[WebhookRow] = []
    unusable: list[tuple[WebhookRow, str]] = []
    seen: dict[tuple[str, str, int | None], int] = {}
    for row in rows:
        reason = _unusable(row, events, policy)
        key = (row.url, row.event, row.identity)
        if reason is None and key in seen:
            reason = f"the same as row {seen[key]}"
        if reason is not None:
            unusable.append((row, reason))
            continue
        seen[key] = row.id
        (present if _subscribed(row, existing) else add).append(row)
    return Plan(tuple(add), tuple(present), tuple(unusable))


def _unusable(row: WebhookRow, events: Mapping[str, Any], policy: AddressPolicy) -> str | None:
    if not row.url:
        return "empty URL"
    parts = urlsplit(row.url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "not an http(s) URL"
    if not row.event:
        return "no event"
    if row.event not in events:
        return f"unknown event {row.event!r}{did_you_mean(row.event, events)}"
    if row.identity is None or row.identity < 1:
        return "no tenant (identity)"
    try:
        policy.resolve(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80), url=row.url)
    except BlockedAddress as blocked:
        return f"a {blocked.reason} address ({blocked.address}): workers never deliver there unless allowed"
    except (OSError, ValueError) as exc:
        return f"the host does not resolve ({exc})"
    return None


def _subscribed(row: WebhookRow, existing: Sequence[Subscription]) -> bool:
    return any(
        s.url == row.url and s.events == (row.event,) and s.format == IMPORTED_FORMAT
        and s.identities == (row.identity,)
        for s in existing
    )  # fmt: skip


def run_import(args: argparse.Namespace, events: Mapping[str, EventInfo[Any]]) -> int:
    try:
        rows = read_webhook_rows(args.database, args.prefix)
    except Exception as exc:  # the driver's own errors: unreachable, access denied, no such table
        print(f"could not read {args.prefix}webhook: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    outbox = open_outbox(args.outbox)
    try:
        plan = plan_import(rows, events, outbox.subscriptions(), AddressPolicy(args.allow_private))
        if not args.dry_run:
            _subscribe(outbox, plan.add)
    finally:
        outbox.close()
    _report(plan, args)
    return 0


def _subscribe(outbox: Outbox, rows: Sequence[WebhookRow]) -> None:
    for row in rows:
        assert row.identity is not None
        outbox.subscribe(row.url, [row.event], format=IMPORTED_FORMAT, identities=[row.identity])


def _report(plan: Plan, args: argparse.Namespace) -> None:
    if args.json:
        rows = {"added": [r.id for r in plan.add], "present": [r.id for r in plan.present]}
        unusable = [{"id": r.id, "event": r.event, "reason": why} for r, why in plan.unusable]
        print(json.dumps({**rows, "unusable": unusable, "dry_run": args.dry_run}, ensure_ascii=False))
        return
    verb = "would subscribe" if args.dry_run else "subscribed"
    for row in plan.add:
        print(f"row {row.id}: {verb} {row.url} to {row.event} for identity {row.identity}")
    for row, reason in plan.unusable:
        print(f"row {row.id} ({row.event or '-'}): not imported: {reason}")
    print(f"{len(plan.add)} {verb}, {len(plan.present)} already there, {len(plan.unusable)} unusable", file=sys.stderr)
