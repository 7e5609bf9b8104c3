"""`make serve-docs`: the site built and served on loopback, search index and page links working as they do once
published (opened from disk they don't)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from tests.helpers import REPO
from tests.runtime.cli.support import free_port

BUILD_SECONDS = 180.0  # mkdocs build --strict of both languages, on a shared machine


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode("utf-8")


def test_serve_docs_builds_the_site_and_serves_it_on_loopback(tmp_path: Path) -> None:
    port, site = free_port(), tmp_path / "site"
    command = ["make", "--no-print-directory", "serve-docs", f"DOCS_PORT={port}", f"SITE_DIR={site}"]
    with (tmp_path / "make.out").open("w") as out:
        served = subprocess.Popen(command, cwd=REPO, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline, index = time.monotonic() + BUILD_SECONDS, None
        while index is None and time.monotonic() < deadline and served.poll() is None:
            try:
                index = fetch(f"http://127.0.0.1:{port}/")
            except OSError:
                time.sleep(0.5)
        printed = (tmp_path / "make.out").read_text(encoding="utf-8")
        assert index is not None, printed
        assert f"serving site/ at http://127.0.0.1:{port}/" in printed
        assert index[0] == 200 and "deal.close" in index[1]
        status, search = fetch(f"http://127.0.0.1:{port}/search/search_index.json")
        assert status == 200 and "deal.close" in search
        status, russian = fetch(f"http://127.0.0.1:{port}/ru/")
        assert status == 200 and "<html" in russian and "Index of" not in russian  # a page, not a folder listing
    finally:
        os.killpg(served.pid, signal.SIGINT)
        try:
            served.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(served.pid, signal.SIGKILL)
            served.wait(5)
