"""The published reference can't rot: the site builds in strict mode, every Python snippet on it runs and
type-checks, and every example, in each of its three wire forms, is what the receiver turns into that example."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from salesman_events import EVENTS
from salesman_events._runtime.wire.messages import Request
from tests.helpers import GENERATED, build_site, python_blocks, run_mypy

PAGES = GENERATED / "docs" / "pages"
LANGUAGES = ("en", "ru")
TOKEN = "long-random-string"  # the token the handler snippets' receivers are made with
JSON_BLOCK = re.compile(r"^```json\n(.*?)^```$", re.M | re.S)
HTTP_BLOCK = re.compile(r"^    ```http\n(.*?)^    ```$", re.M | re.S)


def event_pages(lang: str) -> dict[str, str]:
    """Event name -> the text of its page."""
    found = {}
    for path in sorted((PAGES / lang / "events").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        found[re.search(r"^# `(.+)`$", text, re.M).group(1)] = text  # type: ignore[union-attr]
    return found


def snippets(page: str) -> tuple[str, str]:
    """The emit and the handler snippet of an event page."""
    emit, handler = python_blocks(page)
    return emit, handler


def examples(page: str) -> list[tuple[Any, list[str]]]:
    """Each example payload of a page with its wire forms (the http blocks that follow it)."""
    parts = JSON_BLOCK.split(page)[1:]  # [payload, text after it, payload, text after it, ...]
    return [
        (json.loads(payload), [re.sub(r"^    ", "", block, flags=re.M) for block in HTTP_BLOCK.findall(after)])
        for payload, after in zip(parts[::2], parts[1::2], strict=True)
    ]


def request_of(http: str) -> Request:
    """An HTTP request as the page shows it -> the receiver's Request, with the snippets' token added."""
    head, _, body = http.partition("\n\n")
    line, *header_lines = head.splitlines()
    method, target, _version = line.split(" ")
    url = urlsplit(target)
    headers = {k.lower(): v.strip() for k, v in (h.split(":", 1) for h in header_lines)}
    query = f"{url.query}&token={TOKEN}" if url.query else f"token={TOKEN}"
    return Request(method, url.path, query.encode(), headers, body.strip("\n").encode())


@pytest.fixture(scope="module")
def pages() -> dict[str, dict[str, str]]:
    return {lang: event_pages(lang) for lang in LANGUAGES}


@contextlib.contextmanager
def working_directory(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def test_every_event_has_a_page_with_both_snippets_the_same_in_both_languages(pages: dict[str, dict[str, str]]) -> None:
    assert set(pages["en"]) == set(pages["ru"]) == set(EVENTS)
    for name, page in pages["en"].items():
        emit, handler = snippets(page)
        assert f"emitter.{EVENTS[name].method}(" in emit
        assert f"@receiver.on.{EVENTS[name].method}\n" in handler
        assert snippets(pages["ru"][name]) == (emit, handler), name


def test_emit_snippets_record_their_example(pages: dict[str, dict[str, str]], tmp_path: Path) -> None:
    for name, page in pages["en"].items():
        emit, _ = snippets(page)
        folder = tmp_path / EVENTS[name].method
        folder.mkdir()
        namespace: dict[str, Any] = {}
        with working_directory(folder):
            exec(compile(emit, f"{name} emit snippet", "exec"), namespace)
            namespace["emitter"].close()
        with contextlib.closing(sqlite3.connect(folder / "outbox.db")) as db:
            stored_name, payload = db.execute(
                "SELECT name, payload FROM events WHERE id = ?", (namespace["event_id"],)
            ).fetchone()
        example, _ = examples(page)[0]
        del example["event"]  # the method names the event; a delivery in SalesMan's format adds the key back
        info = EVENTS[name]
        assert stored_name == name
        assert info.parse(json.loads(payload)) == info.parse(example), name


def test_every_wire_form_of_every_example_reaches_the_handler_snippet_as_the_example(
    pages: dict[str, dict[str, str]],
) -> None:
    checked = 0
    for name, page in pages["en"].items():
        _, handler = snippets(page)
        namespace: dict[str, Any] = {}
        exec(compile(handler, f"{name} handler snippet", "exec"), namespace)
        receiver, on_event = namespace["receiver"], namespace[f"on_{EVENTS[name].method}"]
        for example, wires in examples(page):
            assert len(wires) == 3, name
            expected = EVENTS[name].parse(example)
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                on_event(expected)
            for http in wires:
                received = io.StringIO()
                with contextlib.redirect_stdout(received):
                    response = receiver.handle(request_of(http))
                assert response.status == 200, (name, http, response.body)
                assert received.getvalue() == printed.getvalue(), (name, http)
                checked += 1
    assert checked >= 3 * len(EVENTS)


def test_snippets_pass_mypy_strict(pages: dict[str, dict[str, str]], tmp_path: Path) -> None:
    folder = tmp_path / "snippets"
    folder.mkdir()
    for name, page in pages["en"].items():
        for kind, code in zip(("emit", "handler"), snippets(page), strict=True):
            (folder / f"{EVENTS[name].method}_{kind}.py").write_text(code, encoding="utf-8")
    result = run_mypy(folder, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_site_builds_in_strict_mode_in_both_languages(tmp_path: Path) -> None:
    result = build_site(tmp_path / "site")
    assert result.returncode == 0, result.stderr
    for prefix in ("", "ru/"):
        root = tmp_path / "site" / prefix
        assert len(list((root / "events").glob("*/index.html"))) == len(EVENTS)
        schemas = (root / "schemas" / "index.html").read_text(encoding="utf-8")
        for shared in ("ClientId", "Money", "EntryStatusCode", "SalesManEnvelope"):
            assert f'id="{shared}"' in schemas
        assert (root / "changelog" / "index.html").is_file()
    assert '<html lang="ru"' in (tmp_path / "site" / "ru" / "index.html").read_text(encoding="utf-8")


def test_strict_build_fails_on_a_broken_link(tmp_path: Path) -> None:
    """The strict build is what stops a page linking to a type or event that isn't there."""
    copy = tmp_path / "docs"
    subprocess.run(["cp", "-r", str(GENERATED / "docs"), str(copy)], check=True)
    page = copy / "pages" / "en" / "events" / "deal-close.md"
    page.write_text(page.read_text(encoding="utf-8").replace("schemas.md#Money", "schemas.md#Nope"), encoding="utf-8")
    result = build_site(tmp_path / "site", copy / "mkdocs.yml")
    assert result.returncode != 0
    assert "#Nope" in result.stderr
