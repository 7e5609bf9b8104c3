"""Commands around the outbox: `subscribe`, `emit`, `worker`, `status`, `replay`."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import signal
import sys
import time
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..deliver.emitter import DEFAULT_OUTBOX, EmitterCore
from ..deliver.retry import RetryPolicy
from ..deliver.worker import DEFAULT_CONCURRENCY, Worker
from ..events.registry import EventInfo
from ..outbox import open_outbox
from ..outbox.interface import Status
from ..wire.encoding import FORMATS

__all__ = ["add_commands", "moment", "parse_payload", "read_data", "run_command"]

PROGRESS_SECONDS = 5.0


def add_commands(commands: Any) -> None:
    """Add the outbox commands to an argparse subparsers object."""
    subscribe = commands.add_parser("subscribe", help="add a webhook subscription")
    subscribe.add_argument("url", help="where to deliver")
    subscribe.add_argument(
        "--events", nargs="+", default=["*"], help="names or patterns: deal.close deal.* * (default *)"
    )
    subscribe.add_argument("--method", default="POST", choices=("POST", "GET"))
    subscribe.add_argument("--format", default="json", choices=FORMATS, help="json, form (PHP-style) or salesman")
    subscribe.add_argument("--secret", action="append", default=[], help="Standard Webhooks secret (repeatable)")
    emit = commands.add_parser("emit", help="validate a payload and record the event in the outbox")
    emit.add_argument("event", help="event name, e.g. deal.close")
    emit.add_argument("--data", required=True, help="payload as JSON, @file.json, or - for stdin")
    worker = commands.add_parser("worker", help="deliver webhooks from the outbox until SIGINT/SIGTERM")
    worker.add_argument("--concurrency", type=int, default=DEFAULT_CONCURRENCY, help="attempts in flight")
    worker.add_argument("--retry-schedule", type=RetryPolicy.parse, default=None, help="seconds: 0,5,300,…")
    worker.add_argument(
        "--allow-private",
        action="append",
        default=[],
        metavar="CIDR",
        help="allow delivering to these internal addresses (repeatable)",
    )
    status = commands.add_parser("status", help="pending, delivered and dead deliveries, per subscription")
    status.add_argument("--json", action="store_true", help="one JSON object")
    replay = commands.add_parser("replay", help="deliver again: one event, everything since a time, or the dead")
    target = replay.add_mutually_exclusive_group(required=True)
    target.add_argument("event_id", nargs="?", help="the event id emit printed")
    target.add_argument("--since", type=moment, help="ISO 8601 time or unix seconds")
    target.add_argument("--dead", action="store_true", help="every dead delivery")
    for parser in (subscribe, emit, worker, status, replay):
        parser.add_argument("--outbox", default=DEFAULT_OUTBOX, help=f"outbox URL (default {DEFAULT_OUTBOX})")


def run_command(args: argparse.Namespace, events: Mapping[str, EventInfo[Any]]) -> int:
    outbox = open_outbox(args.outbox)
    try:
        if args.command == "subscribe":
            sub = outbox.subscribe(args.url, args.events, method=args.method, format=args.format, secrets=args.secret)
            print(json.dumps({**dataclasses.asdict(sub), "secrets": len(sub.secrets)}))
            return 0
        if args.command == "emit":
            return _emit(args, EmitterCore(events, outbox=outbox))
        if args.command == "worker":
            return _worker(
                args, Worker(outbox, concurrency=args.concurrency, policy=args.retry_schedule, allow=args.allow_private)
            )
        if args.command == "status":
            _print_status(outbox.status(), as_json=args.json)
            return 0
        count = outbox.replay(event_id=args.event_id, since=args.since, dead=args.dead)
        print(f"{count} deliveries pending again", file=sys.stderr)
        return 0
    finally:
        outbox.close()


def parse_payload(events: Mapping[str, EventInfo[Any]], name: str, data: str) -> tuple[EventInfo[Any], Any] | None:
    """The event and its validated payload from `--data`; None (the reason printed) when either is wrong."""
    info = events.get(name)
    if info is None:
        print(f"unknown event {name!r}", file=sys.stderr)
        return None
    try:
        return info, info.parse(json.loads(read_data(data)))
    except (ValueError, ValidationError) as exc:
        print(f"invalid payload for {name}: {exc}", file=sys.stderr)
        return None


def _emit(args: argparse.Namespace, emitter: EmitterCore) -> int:
    parsed = parse_payload(emitter.events, args.event, args.data)
    if parsed is None:
        return 2
    print(emitter.emit(parsed[1], event=args.event))
    return 0


def _worker(args: argparse.Namespace, worker: Worker) -> int:
    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        progress = asyncio.create_task(_progress(worker, stop))
        await worker.run(stop)
        progress.cancel()

    print(f"worker {worker.owner} delivering from {args.outbox}", file=sys.stderr, flush=True)
    asyncio.run(main())
    print(f"worker stopped: {_stats_line(worker)}", file=sys.stderr)
    return 0


async def _progress(worker: Worker, stop: asyncio.Event) -> None:
    while not stop.is_set():
        await asyncio.sleep(PROGRESS_SECONDS)
        print(_stats_line(worker), file=sys.stderr, flush=True)


def _stats_line(worker: Worker) -> str:
    s = worker.stats
    elapsed = max(time.monotonic() - s.started_at, 1e-9)
    return (
        f"delivered {s.delivered} ({s.delivered / elapsed:.0f}/s), retried {s.retried}, dead {s.dead}, "
        f"disabled {s.disabled}"
    )


def _print_status(status: Status, *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(dataclasses.asdict(status), default=str))
        return
    print(f"pending {status.pending}  delivered {status.delivered}  dead {status.dead}")
    for row in status.subscriptions:
        sub = row.subscription
        age = "-" if row.oldest_pending_age is None else f"{row.oldest_pending_age:.0f}s"
        state = "enabled" if sub.enabled else f"disabled ({sub.disabled_reason})"
        print(
            f"  #{sub.id} {sub.url} [{' '.join(sub.events)}] {state}: pending {row.pending}, oldest {age}, "
            f"failures {row.failures}"
        )


def moment(text: str) -> float:
    """A time given on the command line: unix seconds, or ISO 8601."""
    try:
        return float(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text).timestamp()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a time: {text!r} (ISO 8601 or unix seconds)") from None


def read_data(data: str) -> str:
    """`--data` as given: JSON text, @file, or - for stdin."""
    if data == "-":
        return sys.stdin.read()
    if data.startswith("@"):
        return Path(data[1:]).read_text(encoding="utf-8")
    return data
