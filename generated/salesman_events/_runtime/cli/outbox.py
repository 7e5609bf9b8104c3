# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Commands around the outbox: `subscribe`, `emit`, `worker`, `status`, `replay`, `purge`."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import re
import signal
import sys
import time
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..console.metrics import DeliveryMetrics
from ..deliver.emitter import DEFAULT_OUTBOX, EmitterCore
from ..deliver.health import DEFAULT_DISABLE_AFTER
from ..deliver.retry import RetryPolicy
from ..deliver.worker import DEFAULT_CONCURRENCY, DEFAULT_RETENTION_SECONDS, Worker
from ..events.registry import EventInfo, did_you_mean
from ..outbox import OutboxError, open_outbox
from ..outbox.interface import Outbox
from .metrics_option import add_metrics_option, served_metrics
from .subscriptions import add_subscribe_arguments, print_status, subscribe

__all__ = ["add_commands", "duration", "moment", "parse_payload", "read_data", "run_command"]

PROGRESS_SECONDS = 5.0
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def add_commands(commands: Any) -> None:
    """Add the outbox commands to an argparse subparsers object."""
    subscribe = commands.add_parser("subscribe", help="add a webhook subscription, or update the same one")
    add_subscribe_arguments(subscribe)
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
        help="allow delivering to these internal addresses, e.g. 127.0.0.0/8 for this machine (repeatable)",
    )
    worker.add_argument(
        "--now", action="store_true", help="make every pending delivery due at once at start (skip retry waits)"
    )
    worker.add_argument(
        "--retention",
        type=duration,
        default=DEFAULT_RETENTION_SECONDS,
        help="remove delivered events this long after they were delivered: 7d, 12h, 30m, 90s, or off (default 7d)",
    )
    worker.add_argument(
        "--disable-after",
        type=duration,
        default=DEFAULT_DISABLE_AFTER,
        help="disable a subscription failing this long without a success: 5d, 12h, or off (default 5d)",
    )
    add_metrics_option(worker)
    status = commands.add_parser("status", help="pending, delivered and dead deliveries, per subscription")
    status.add_argument("--json", action="store_true", help="one JSON object")
    replay = commands.add_parser(
        "replay", help="deliver again: one event, everything since a time, the dead, or the pending ones now"
    )
    target = replay.add_mutually_exclusive_group(required=True)
    target.add_argument("event_id", nargs="?", help="the event id emit printed")
    target.add_argument("--since", type=moment, help="ISO 8601 time or unix seconds")
    target.add_argument("--dead", action="store_true", help="every dead delivery")
    target.add_argument("--pending", action="store_true", help="every pending delivery, due now (not at its retry)")
    purge = commands.add_parser("purge", help="remove delivered events (and with --dead, dead letters) now")
    purge.add_argument("--dead", action="store_true", help="dead letters too (else kept until replayed)")
    before = purge.add_mutually_exclusive_group()
    before.add_argument("--before", type=moment, help="what finished before this time (default: now)")
    before.add_argument("--older-than", type=duration, help="what finished longer ago than this: 7d, 12h, …")
    for parser in (subscribe, emit, worker, status, replay, purge):
        parser.add_argument("--outbox", default=DEFAULT_OUTBOX, help=f"outbox URL (default {DEFAULT_OUTBOX})")


def run_command(args: argparse.Namespace, events: Mapping[str, EventInfo[Any]]) -> int:
    """Run one outbox command; an unsupported outbox URL is one line and exit 2, an outbox failure one line and 1."""
    try:
        outbox = open_outbox(args.outbox)
    except ValueError as error:
        print(f"{args.command}: {error}", file=sys.stderr)
        return 2
    try:
        return _run(args, events, outbox)
    except OutboxError as error:
        print(f"{args.command}: {error}", file=sys.stderr)
        return 1
    finally:
        outbox.close()


def _run(args: argparse.Namespace, events: Mapping[str, EventInfo[Any]], outbox: Outbox) -> int:
    if args.command == "subscribe":
        return subscribe(args, outbox)
    if args.command == "emit":
        return _emit(args, EmitterCore(events, outbox=outbox))
    if args.command == "worker":
        if args.now:
            print(f"{outbox.replay(pending=True)} pending deliveries made due now", file=sys.stderr)
        options = {"policy": args.retry_schedule, "allow": args.allow_private, "retention": args.retention,
                   "disable_after": args.disable_after}  # fmt: skip
        with served_metrics(args.metrics, lambda registry: DeliveryMetrics(registry, outbox)) as metrics:
            return _worker(args, Worker(outbox, concurrency=args.concurrency, observer=metrics, **options))
    if args.command == "status":
        print_status(outbox.status(), as_json=args.json)
        return 0
    if args.command == "purge":
        return _purge(args, outbox)
    count = outbox.replay(event_id=args.event_id, since=args.since, dead=args.dead, pending=args.pending)
    print(f"{count} deliveries pending again, due now", file=sys.stderr)
    return 0


def parse_payload(events: Mapping[str, EventInfo[Any]], name: str, data: str) -> tuple[EventInfo[Any], Any] | None:
    """The event and its validated payload from `--data`; None (the reason printed) when either is wrong."""
    info = events.get(name)
    if info is None:
        print(f"unknown event {name!r}{did_you_mean(name, events)}", file=sys.stderr)
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


def _purge(args: argparse.Namespace, outbox: Outbox) -> int:
    """Purge step after step until nothing is left to remove, saying how much went."""
    before = args.before if args.before is not None else time.time() - (args.older_than or 0.0)
    removed = 0
    while step := outbox.purge(before, dead=args.dead):
        removed += step
    print(f"{removed} deliveries and events removed", file=sys.stderr)
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

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    shown = re.sub(r"(//[^:/@]*:)[^@/]*@", r"\1…@", args.outbox)  # the outbox URL without its password
    print(f"worker {worker.owner} delivering from {shown}", file=sys.stderr, flush=True)
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
        f"disabled {s.disabled}, purged {s.purged}"
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


def duration(text: str) -> float | None:
    """A length of time given on the command line: seconds, or a number with s, m, h or d; `off` is None."""
    if text.strip().lower() in ("off", "none", "never"):
        return None
    unit = UNITS.get(text.strip()[-1:].lower())
    try:
        seconds = float(text.strip()[:-1] if unit else text) * (unit or 1)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:
        raise argparse.ArgumentTypeError(f"not a duration: {text!r} (e.g. 7d, 12h, 30m, 90s, or off)")
    return seconds


def read_data(data: str) -> str:
    """`--data` as given: JSON text, @file, or - for stdin."""
    if data == "-":
        return sys.stdin.read()
    if data.startswith("@"):
        return Path(data[1:]).read_text(encoding="utf-8")
    return data
