"""Benchmark: the generated webhook receiver against a hand-written baseline, in process and over HTTP.

Inputs: every example payload of every message in spec/salesman-events.asyncapi.yaml, encoded to the exact bytes a
SalesMan server sends (JSON, every scalar a string: ``encode_delivery(name, payload, fmt="salesman")``).

1. In process, median µs/event over interleaved rounds: ours, full core (``Receiver().handle(Request(...))``: content
   type, JSON decode, event lookup, coercion to the typed pydantic model, no dedupe without a webhook-id, response);
   ours, parse only (``EVENTS[name].parse(from_json(body))``, pydantic-core's JSON decoder as in the receiver); the
   baseline a hand-written integration would write, ``json.loads`` + a prebuilt ``jsonschema.Draft7Validator`` per event
   (the generator's schema bundle, no format checks). Strict jsonschema rejects SalesMan's all-strings bodies, so the
   baseline is given the already-typed body (``json.dumps`` of the spec example): it neither decodes strings nor
   coerces.
2. The three ASGI apps of the HTTP part called in process with the SalesMan ``deal.close`` request (a fake receive and
   send, no server, no event loop), median µs/request over interleaved rounds: what the app itself costs a server.
3. Over HTTP on 127.0.0.1: uvicorn (one process, log level warning, no access log, lifespan off) serving ``Receiver()``;
   a bare ASGI app that reads the body and answers 200 ``{"ok":true}``; and "validation only", an app that decodes and
   validates the body as the receiver does (``validators[event](from_json(body))``) and answers as the bare app does:
   what typing the payload costs at least, so the bound of the receiver's ratio. Each is loaded with the SalesMan
   ``deal.close`` body by ``wrk -t1 -c32 -d3s`` (apt-get installed if missing) or else an asyncio keep-alive client with
   32 connections, after a 1 s warm-up, in 5 interleaved rounds. Two server setups, each serving the three apps, all six
   servers in the same rounds: pure-Python HTTP parsing, ``--http h11 --loop asyncio``, and the production setup
   ``--http httptools --loop uvloop``. Both are named explicitly: uvicorn's default ``auto`` would pick httptools and
   uvloop, which the dev extra installs. Reports, per setup, the median req/s of each app, the ratios to the bare app
   and the non-200 responses; in ``--json``, the h11 setup's figures stay where they were (``http``), the production
   setup's are under ``http.production``.

Run from the repo root: ``.venv/bin/python bench/receiver.py [--quick] [--json]`` (``--quick``: shorter in-process
rounds, 3 HTTP rounds of 1 s). It reports, it does not judge: the exit status is 1 only if a server fails to start.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "generated"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import asyncio
import contextlib
import http.client
import json
import re
import shutil
import socket
import statistics
import subprocess
import time
from collections.abc import Callable
from typing import Any

import jsonschema
import yaml
from pydantic_core import from_json

import salesman_events
from generator.build import load
from salesman_events import EVENTS
from salesman_events._runtime.wire.encoding import encode_delivery
from salesman_events._runtime.wire.messages import Request

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "salesman-events.asyncapi.yaml"
SCRATCH = Path("/tmp/rbench-helper")
CONNECTIONS = 32
HTTP_ROUNDS = 5
# uvicorn's (http, loop) per server setup; the JSON keeps the first at the top of "http", the second is "production".
SETUPS = {"h11+asyncio": ("h11", "asyncio"), "httptools+uvloop": ("httptools", "uvloop")}
BARE_APP = """
async def app(scope, receive, send):
    while (await receive()).get("more_body"):
        pass
    headers = [(b"content-type", b"application/json"), (b"content-length", b"11")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b'{"ok":true}'})
"""
# What typing the payload costs at least: the receiver's own decode and validation (pydantic-core's JSON decoder, the
# event's model), nothing else (no content type, webhook-id, method or query checks, no id; a fixed answer). It
# bounds the receiver's ratio.
FLOOR_APP = """
from pydantic_core import from_json
from salesman_events import EVENTS
validators = {name: info.validator for name, info in EVENTS.items()}

async def app(scope, receive, send):
    data = from_json((await receive())["body"])
    validators[data["event"]](data)
    headers = [(b"content-type", b"application/json"), (b"content-length", b"11")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b'{"ok":true}'})
"""
APPS = {
    "bare ASGI app": BARE_APP,
    "receiver": "from salesman_events import Receiver\napp = Receiver()\n",
    "validation only": FLOOR_APP,
}
Case = tuple[str, bytes, dict[str, str], bytes]  # event, SalesMan body, its headers, the typed JSON body


def cases() -> list[Case]:
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    found: list[Case] = []
    for message in spec["components"]["messages"].values():
        for example in message.get("examples", []):
            name, payload = message["name"], example["payload"]
            delivery = encode_delivery(name, payload, fmt="salesman")
            found.append((name, delivery.body, dict(delivery.headers), json.dumps(payload).encode()))
    return found


def contenders(found: list[Case]) -> dict[str, Callable[[], None]]:
    receiver = salesman_events.Receiver()
    defs = load(SPEC).bundle.defs
    validators = {name: jsonschema.Draft7Validator({"$defs": defs, "$ref": f"#/$defs/{info.payload_type.__name__}"})
                  for name, info in EVENTS.items()}  # fmt: skip
    requests = [Request("POST", "/", b"", headers, body) for _, body, headers, _ in found]
    parses = [(EVENTS[name].parse, body) for name, body, _, _ in found]
    checks = [(validators[name].validate, typed) for name, _, _, typed in found]
    refused = [(r.body[:80], receiver.handle(r).body) for r in requests if receiver.handle(r).status != 200]
    assert not refused, refused  # every contender must accept every input before it is timed (the others raise)

    def full() -> None:
        for request in requests:
            receiver.handle(request)

    def parse_only() -> None:
        for parse, body in parses:
            parse(from_json(body))

    def baseline() -> None:
        for validate, typed in checks:
            validate(json.loads(typed))

    parse_only()
    baseline()
    return {"ours_full": full, "ours_parse": parse_only, "baseline": baseline}


def in_process(rounds: int, seconds: float) -> dict[str, Any]:
    found = cases()
    runs = contenders(found)
    loops: dict[str, int] = {}
    for key, run in runs.items():  # calibrate: how many loops over all cases take ~`seconds`
        start = time.perf_counter_ns()
        while time.perf_counter_ns() - start < seconds * 1e8:
            run()
            loops[key] = loops.get(key, 0) + 10
    samples: dict[str, list[float]] = {key: [] for key in runs}
    for _ in range(rounds):
        for key, run in runs.items():
            start = time.perf_counter_ns()
            for _ in range(loops[key]):
                run()
            samples[key].append((time.perf_counter_ns() - start) / 1000 / (loops[key] * len(found)))
    medians = {key + "_us": statistics.median(values) for key, values in samples.items()}
    ratio = medians["baseline_us"] / medians["ours_full_us"]
    return {"events": len({case[0] for case in found}), "payloads": len(found), **medians, "baseline_over_ours": ratio}


def asgi_in_process(rounds: int, requests: int) -> dict[str, float]:
    """Median µs/request of each app of APPS called directly with the deal.close request, as uvicorn would call it."""
    body = next(case[1] for case in cases() if case[0] == "deal.close")
    headers = [(b"host", b"127.0.0.1"), (b"content-length", b"%d" % len(body)), (b"content-type", b"application/json")]
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/", "raw_path": b"/", "root_path": "", "query_string": b"", "headers": headers,
             "server": ("127.0.0.1", 8000), "client": ("127.0.0.1", 50000)}  # fmt: skip
    statuses: list[int] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    def run(app: Any, count: int) -> None:
        for _ in range(count):
            with contextlib.suppress(StopIteration):
                app(scope, receive, send).send(None)
                raise RuntimeError("the app waited for something that never comes here")

    apps: dict[str, Any] = {}
    for label, code in APPS.items():
        namespace: dict[str, Any] = {}
        exec(code, namespace)
        apps[label] = namespace["app"]
        run(apps[label], 100)  # warm-up, and every status checked below
    samples: dict[str, list[float]] = {label: [] for label in apps}
    for _ in range(rounds):
        for label, app in apps.items():
            start = time.perf_counter_ns()
            run(app, requests)
            samples[label].append((time.perf_counter_ns() - start) / 1000 / requests)
    assert set(statuses) == {200}, set(statuses)
    return {label: statistics.median(values) for label, values in samples.items()}


def start_server(app: str, setup: str, log: Path) -> tuple[subprocess.Popen[bytes], int]:
    with socket.socket() as sock:  # a free port on 127.0.0.1
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    paths = [str(ROOT), str(ROOT / "generated")]
    http, loop = SETUPS[setup]
    options = f"http={http!r}, loop={loop!r}, log_level='warning', access_log=False, lifespan='off'"
    run = f"uvicorn.run(app, host='127.0.0.1', port={port}, {options})"
    code = f"import sys\nsys.path[:0] = {paths!r}\nimport uvicorn\n{app}\n{run}\n"
    with log.open("wb") as err:
        proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=err, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"error: server exited with {proc.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc, port
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit(f"error: server did not listen on 127.0.0.1:{port} within 15 s")


def find_wrk() -> tuple[str | None, str]:
    if shutil.which("wrk"):
        return shutil.which("wrk"), ""
    try:
        done = subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], capture_output=True, timeout=120)
        note = f"wrk was missing: ran apt-get install -y -qq wrk (exit {done.returncode})"
    except (OSError, subprocess.TimeoutExpired) as exc:
        note = f"wrk was missing; apt-get install failed: {exc}"
    return shutil.which("wrk"), note


def run_wrk(wrk: str, port: int, seconds: float, script: Path) -> dict[str, float]:
    command = [wrk, "-t1", f"-c{CONNECTIONS}", f"-d{seconds:g}s", "-s", str(script), f"http://127.0.0.1:{port}/"]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30).stdout
    patterns = {"rps": r"Requests/sec:\s*([\d.]+)", "requests": r"(\d+) requests in",
                "non_2xx": r"Non-2xx or 3xx responses:\s*(\d+)"}  # fmt: skip
    numbers = {key: float(m.group(1)) if (m := re.search(pattern, out)) else 0.0 for key, pattern in patterns.items()}
    return {**numbers, "errors": sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))}


def run_python(port: int, seconds: float, body: bytes) -> dict[str, float]:
    head = f"POST / HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\ncontent-type: application/json\r\n"
    request = f"{head}content-length: {len(body)}\r\n\r\n".encode() + body
    counts = {"rps": 0.0, "requests": 0.0, "non_2xx": 0.0, "errors": 0.0}

    async def client(deadline: float) -> None:  # one keep-alive connection, requests back to back
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            while time.perf_counter() < deadline:
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                length = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head)
                await reader.readexactly(int(length.group(1)) if length else 0)
                counts["requests"] += 1
                counts["non_2xx"] += head[9:12] != b"200"
            writer.close()
        except (OSError, EOFError, asyncio.LimitOverrunError):
            counts["errors"] += 1

    async def run() -> None:
        clients = (client(time.perf_counter() + seconds) for _ in range(CONNECTIONS))
        await asyncio.wait_for(asyncio.gather(*clients), seconds + 10)

    start = time.perf_counter()
    asyncio.run(run())
    counts["rps"] = (counts["requests"] - counts["non_2xx"]) / (time.perf_counter() - start)
    return counts


def over_http(seconds: float, warmup: float, rounds: int) -> dict[str, Any]:
    SCRATCH.mkdir(parents=True, exist_ok=True)
    deal = next(example for example in cases() if example[0] == "deal.close")
    (SCRATCH / "body.json").write_bytes(deal[1])
    script = SCRATCH / "post.lua"
    lua = f'local f = io.open("{SCRATCH / "body.json"}", "rb")\nwrk.body = f:read("*a")\nf:close()\n'
    script.write_text(lua + 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n')
    wrk, note = find_wrk()
    generator = f"wrk -t1 -c{CONNECTIONS} -d{seconds:g}s" if wrk else f"python asyncio -c{CONNECTIONS} -d{seconds:g}s"

    def measure(port: int, duration: float) -> dict[str, float]:
        return run_wrk(wrk, port, duration, script) if wrk else run_python(port, duration, deal[1])

    keys = [(setup, label) for setup in SETUPS for label in APPS]  # every app under every setup
    servers: dict[tuple[str, str], tuple[subprocess.Popen[bytes], int]] = {}
    try:
        for setup, label in keys:
            servers[setup, label] = start_server(APPS[label], setup, SCRATCH / f"server-{setup}-{label[:4]}.log")
        probes = {}
        for key, (_, port) in servers.items():
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            probe.request("POST", "/", deal[1], {"content-type": "application/json"})
            probes[key] = probe.getresponse().status  # one checked response; the load counts the rest
            probe.close()
            measure(port, warmup)
        samples: dict[tuple[str, str], list[dict[str, float]]] = {key: [] for key in keys}
        for _ in range(rounds):  # interleaved, so drifting machine load hits every server alike
            for key, (_, port) in servers.items():
                samples[key].append(measure(port, seconds))
    finally:  # a benchmark server holds nothing worth a graceful shutdown
        for proc, _ in servers.values():
            proc.kill()
            proc.wait()
    setups: dict[str, dict[str, Any]] = {}
    for setup, (http_impl, loop) in SETUPS.items():
        results: dict[str, Any] = {"server": f"uvicorn 1 worker, {loop}+{http_impl}"}
        for label in APPS:
            runs = samples[setup, label]
            median = sorted(runs, key=lambda run: run["rps"])[len(runs) // 2]
            totals = {key: sum(run[key] for run in runs) for key in ("requests", "non_2xx", "errors")}
            results[label] = {**median, **totals, "probe_status": probes[setup, label],
                              "rounds_rps": [r["rps"] for r in runs]}  # fmt: skip
        bare_rps = max(results["bare ASGI app"]["rps"], 1e-9)
        results["receiver_over_bare"] = results["receiver"]["rps"] / bare_rps
        results["validation_only_over_bare"] = results["validation only"]["rps"] / bare_rps
        setups[setup] = results
    first, production = setups.values()
    return {"load_generator": generator, "note": note, "rounds": rounds, **first, "production": production}


def report(local: dict[str, Any], asgi: dict[str, float], web: dict[str, Any]) -> None:
    print(f"receiver benchmark ({local['events']} events, {local['payloads']} example payloads, SalesMan JSON bodies)")
    print(f"  in-process  ours: full core (decode+coerce+validate)      {local['ours_full_us']:9.1f} µs/event")
    print(f"              ours: parse only                              {local['ours_parse_us']:9.1f} µs/event")
    print(f"              baseline: json.loads + jsonschema (typed body){local['baseline_us']:9.1f} µs/event   "
          f"{local['baseline_over_ours']:.1f}x slower than ours (goal >= 10x)")  # fmt: skip
    print("              (baseline gets the already-typed body: strict jsonschema rejects SalesMan's all-strings")
    print("               body, so it neither decodes strings nor coerces; ours does both)")
    bare, ours, floor = (asgi[label] for label in APPS)
    print(f"  ASGI app called in process (deal.close, no server): bare {bare:.1f} µs, receiver {ours:.1f} µs, "
          f"validation only {floor:.1f} µs a request")  # fmt: skip
    if web["note"]:
        print(f"  {web['note']}")
    print(f"  HTTP ({web['load_generator']} x {web['rounds']} interleaved rounds over all six servers, medians)")
    for figures, role in ((web, ""), (web["production"], " (the production setup)")):
        print(f"    {figures['server']}{role}:")
        runs = dict(zip(("bare", "receiver", "floor"), (figures[label] for label in APPS), strict=True))
        ratios = {"receiver": f"   {figures['receiver_over_bare']:.0%} of bare (goal >= 80%)",
                  "floor": f"   {figures['validation_only_over_bare']:.0%} of bare (the receiver's bound)"}  # fmt: skip
        for (key, run), label in zip(runs.items(), APPS, strict=True):
            ratio = ratios.get(key, "")
            each = ", ".join(f"{rps:,.0f}" for rps in run["rounds_rps"])
            print(f"              {label:<16}{run['rps']:10,.0f} req/s{ratio}   (rounds: {each})")
        non_2xx = ", ".join(f"{key} {run['non_2xx']:.0f}/{run['requests']:,.0f}" for key, run in runs.items())
        probes = "/".join(str(run["probe_status"]) for run in runs.values())
        errors = sum(run["errors"] for run in runs.values())
        print(f"              non-2xx: {non_2xx}; one-request probe status {probes}; socket errors {errors:.0f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", action="store_true", help="print all numbers as one JSON object")
    parser.add_argument("--quick", action="store_true", help="short runs, for smoke tests")
    args = parser.parse_args()
    rounds, per_round, seconds, warmup = (2, 0.1, 1.0, 0.3) if args.quick else (7, 1.0, 3.0, 1.0)
    http_rounds = 3 if args.quick else HTTP_ROUNDS
    local = in_process(rounds, per_round)
    asgi = asgi_in_process(rounds, 300 if args.quick else 5000)
    web = over_http(seconds, warmup, http_rounds)  # SystemExit (status 1) if a server fails to start
    if args.json:
        print(json.dumps({"in_process": local, "asgi_in_process_us": asgi, "http": web}, indent=2))
    else:
        report(local, asgi, web)
    return 0


if __name__ == "__main__":
    sys.exit(main())
