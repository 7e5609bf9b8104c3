"""Benchmark: the relay (SalesMan's hop 1 into the durable outbox) against the receiver, over HTTP on 127.0.0.1.

1. Acknowledgement latency: one client sends SalesMan's hop-1 form (`deal.close`, `ses` included) to the relay
   (uvicorn, SQLite outbox, one subscription to every event) back to back, while a `salesman-events worker`
   process (started and at work first) delivers what it commits to a subscriber that is (a) down (nothing listens on
   its port) or (b) answers after 2 s; p50/p99/max over N requests (goal: p99 < 5 ms). Beside it, SalesMan's own
   hop 2, which forwards inline before it answers: a few requests to the same 2-s subscriber (an ASGI app that POSTs,
   then answers).
2. Requests/s: the relay and the receiver (`Receiver(token=…)`, no handlers) under the same uvicorn setup, loaded with
   the same hop-1 body by `wrk -t1 -c32` (apt-get installed if missing), interleaved rounds, medians: relay / receiver
   (goal >= 80 %). Every relay request is an event and a delivery committed to SQLite before the answer.

Run from the repo root: ``.venv/bin/python bench/relay.py [--quick] [--json] [--requests N] [--rounds R]``. It
reports, it does not judge.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "generated"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import http.client
import json
import shutil
import socket
import statistics
import subprocess
import time
from typing import Any

from bench_args import positive
from receiver import SETUPS, find_wrk, run_wrk, start_server

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = Path("/tmp/relay-bench")
TOKEN = "bench-token"
HOP1 = b"did=1042&summa=10340&status=won&autor=3&event=deal.close&identity=1&iduser1=3&ses=SESSIONbench"
FORM = "application/x-www-form-urlencoded"
SLOW_SECONDS = 2.0
SETUP = "h11+asyncio"


def relay_app(outbox: Path) -> str:
    return (
        "from salesman_events import EVENTS\n"
        "from salesman_events._runtime.outbox.sqlite import SQLiteOutbox\n"
        "from salesman_events._runtime.receive import RelayApp\n"
        f"app = RelayApp(EVENTS, SQLiteOutbox({str(outbox)!r}), token={TOKEN!r})\n"
    )


RECEIVER_APP = f"from salesman_events import Receiver\napp = Receiver(token={TOKEN!r})\n"
SLOW_APP = f"""
import asyncio
async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    while (await receive()).get("more_body"):
        pass
    await asyncio.sleep({SLOW_SECONDS})
    await send({{"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]}})
    await send({{"type": "http.response.body", "body": b"ok"}})
"""


def inline_app(target: str) -> str:
    """SalesMan's hop 2 in Python: forward the event to the subscriber, then answer (its way: inline, once)."""
    return f"""
import httpx
client = httpx.AsyncClient(timeout=10)
async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    try:
        await client.post({target!r}, content=body, headers={{"content-type": "application/x-www-form-urlencoded"}})
    except httpx.HTTPError:
        pass
    await send({{"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]}})
    await send({{"type": "http.response.body", "body": b"ok"}})
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def latencies(port: int, count: int, path: str = f"/?token={TOKEN}") -> list[float]:
    """Milliseconds of each of `count` hop-1 requests sent one after another on one keep-alive connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    found: list[float] = []
    for _ in range(count):
        start = time.perf_counter()
        connection.request("POST", path, HOP1, {"content-type": FORM})
        response = connection.getresponse()
        response.read()
        found.append((time.perf_counter() - start) * 1000)
        if response.status != 200:
            raise SystemExit(f"error: the relay answered {response.status}")
    connection.close()
    return found


def figures(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": statistics.median(ordered),
        "p99_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))],
        "max_ms": ordered[-1],
        "requests": len(ordered),
    }


def worker(outbox: Path, log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "salesman_events", "worker", "--outbox", f"sqlite:///{outbox}", "--allow-private",
               "127.0.0.0/8", "--concurrency", "64"]  # fmt: skip
    with log.open("wb") as out:
        env = {"PYTHONPATH": f"{ROOT / 'generated'}:{ROOT}", "PATH": "/usr/bin:/bin"}
        return subprocess.Popen(command, cwd=SCRATCH, stdout=out, stderr=subprocess.STDOUT, env=env)


def acknowledgement(count: int) -> dict[str, Any]:
    """Relay latency while the subscriber is down, then while it takes 2 s; and SalesMan's inline hop 2."""
    from salesman_events._runtime.outbox.sqlite import SQLiteOutbox

    results: dict[str, Any] = {}
    slow, slow_port = start_server(SLOW_APP, SETUP, SCRATCH / "slow.log")
    processes = [slow]
    try:
        for case, target in (("subscriber down", f"http://127.0.0.1:{free_port()}/"),
                             (f"subscriber takes {SLOW_SECONDS:g} s", f"http://127.0.0.1:{slow_port}/")):  # fmt: skip
            outbox = SCRATCH / f"ack-{len(results)}.db"
            box = SQLiteOutbox(outbox)
            box.subscribe(target, ["*"])
            box.close()
            relay, port = start_server(relay_app(outbox), SETUP, SCRATCH / f"relay-{len(results)}.log")
            log = SCRATCH / f"worker-{len(results)}.log"
            delivering = worker(outbox, log)
            processes += [relay, delivering]
            latencies(port, 50)  # warm-up, and deliveries for the worker to work on
            deadline = time.monotonic() + 30
            while b"delivering from" not in log.read_bytes() and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(1.0)  # the worker at work: its attempts failing at once, or 64 of them waiting 2 s
            results[case] = figures(latencies(port, count))
            box = SQLiteOutbox(outbox)
            status = box.status()
            box.close()
            results[case]["outbox"] = {"pending": status.pending, "delivered": status.delivered}
        inline, inline_port = start_server(inline_app(f"http://127.0.0.1:{slow_port}/"), SETUP, SCRATCH / "in.log")
        processes.append(inline)
        results["baseline: SalesMan's inline hop 2, subscriber takes 2 s"] = figures(latencies(inline_port, 5, "/"))
    finally:
        for process in processes:
            process.kill()
            process.wait()
    return results


def throughput(seconds: float, warmup: float, rounds: int) -> dict[str, Any]:
    """Requests/s of the relay and of the receiver, interleaved rounds under each uvicorn setup."""
    script = SCRATCH / "hop1.lua"
    (SCRATCH / "hop1.form").write_bytes(HOP1)
    script.write_text(
        f'local f = io.open("{SCRATCH / "hop1.form"}", "rb")\nwrk.body = f:read("*a")\nf:close()\n'
        f'wrk.method = "POST"\nwrk.headers["Content-Type"] = "{FORM}"\nwrk.path = "/?token={TOKEN}"\n'
    )
    wrk, note = find_wrk()
    if wrk is None:  # the load needs the token in the URL, which receiver.py's own asyncio client doesn't send
        raise SystemExit(f"error: wrk is needed for the load ({note})")
    from salesman_events._runtime.outbox.sqlite import SQLiteOutbox

    results: dict[str, Any] = {"load_generator": f"wrk -t1 -c32 -d{seconds:g}s", "note": note}
    servers: dict[tuple[str, str], tuple[subprocess.Popen[bytes], int]] = {}
    try:
        for setup in SETUPS:
            outbox = SCRATCH / f"load-{setup}.db"
            box = SQLiteOutbox(outbox)
            box.subscribe("https://subscriber.example/hook", ["*"])  # each event also makes a delivery
            box.close()
            servers[setup, "relay"] = start_server(relay_app(outbox), setup, SCRATCH / f"load-relay-{setup}.log")
            servers[setup, "receiver"] = start_server(RECEIVER_APP, setup, SCRATCH / f"load-recv-{setup}.log")

        def measure(port: int, duration: float) -> dict[str, float]:
            return run_wrk(wrk, port, duration, script)

        for _, port in servers.values():
            measure(port, warmup)
        samples: dict[tuple[str, str], list[dict[str, float]]] = {key: [] for key in servers}
        for _ in range(rounds):
            for key, (_, port) in servers.items():
                samples[key].append(measure(port, seconds))
    finally:
        for process, _ in servers.values():
            process.kill()
            process.wait()
    for setup in SETUPS:
        row: dict[str, Any] = {}
        for app in ("relay", "receiver"):
            runs = samples[setup, app]
            median = sorted(runs, key=lambda run: run["rps"])[len(runs) // 2]
            row[app] = {**median, "rounds_rps": [run["rps"] for run in runs],
                        "non_2xx": sum(run["non_2xx"] for run in runs)}  # fmt: skip
        row["relay_over_receiver"] = row["relay"]["rps"] / max(row["receiver"]["rps"], 1e-9)
        results[setup] = row
    return results


def report(ack: dict[str, Any], load: dict[str, Any]) -> None:
    print("relay benchmark (SalesMan's hop-1 form of deal.close; SQLite outbox; uvicorn 1 worker)")
    print("  acknowledgement latency, one client, back to back, a worker process delivering meanwhile:")
    for case, row in ack.items():
        goal = "" if case.startswith("baseline") else "   (goal p99 < 5 ms)"
        print(f"    {case:<54} p50 {row['p50_ms']:8.2f} ms  p99 {row['p99_ms']:8.2f} ms  "
              f"max {row['max_ms']:8.2f} ms  n={row['requests']}{goal}")  # fmt: skip
    if load["note"]:
        print(f"  {load['note']}")
    print(f"  requests/s ({load['load_generator']}, interleaved rounds, medians):")
    for setup in SETUPS:
        row = load[setup]
        print(f"    {setup:<18} relay {row['relay']['rps']:8,.0f}/s   receiver {row['receiver']['rps']:8,.0f}/s   "
              f"relay {row['relay_over_receiver']:.0%} of the receiver (goal >= 80%); non-2xx "
              f"{row['relay']['non_2xx']:.0f}/{row['receiver']['non_2xx']:.0f}; "
              f"rounds relay {', '.join(f'{r:,.0f}' for r in row['relay']['rounds_rps'])}")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", action="store_true", help="print all numbers as one JSON object")
    parser.add_argument("--quick", action="store_true", help="short runs, for smoke tests")
    parser.add_argument("--requests", type=positive, default=2000, help="requests per latency case (default 2000)")
    parser.add_argument("--rounds", type=positive, default=5, help="interleaved load rounds (default 5)")
    args = parser.parse_args()
    shutil.rmtree(SCRATCH, ignore_errors=True)
    SCRATCH.mkdir(parents=True)
    count = 200 if args.quick else args.requests
    seconds, warmup, rounds = (1.0, 0.3, 2) if args.quick else (3.0, 1.0, args.rounds)
    ack = acknowledgement(count)
    load = throughput(seconds, warmup, rounds)
    if args.json:
        print(json.dumps({"acknowledgement": ack, "throughput": load}, indent=2))
    else:
        report(ack, load)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
