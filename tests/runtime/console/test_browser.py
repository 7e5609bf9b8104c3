"""The console in a real browser (headless Chromium), on every outbox engine, with a real worker delivering to a
real endpoint on loopback: log in (a wrong login refused), add a subscription (its secret shown once), send a test
event and see its attempt, make the endpoint fail and see the failure, its error and the dead letter, send it again
once the endpoint is back and see it delivered; a change without the CSRF token is refused; the secret is in no
page afterwards. The SQLite run also takes the README's screenshots."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

import httpx
import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select

from generator.runtime.console.app import ConsoleApp
from generator.runtime.console.auth import Logins
from generator.runtime.console.state import Console
from generator.runtime.deliver.retry import RetryPolicy
from generator.runtime.deliver.worker import Worker
from salesman_events import EVENTS
from tests.browser import chromium, wait
from tests.helpers import REPO, uvicorn_server

from .support import ENGINES, Endpoint, open_console_outbox

TOKEN = "console-test-token"
SCREENSHOTS = REPO / "tests" / "screenshots"
QUICK = RetryPolicy(schedule=(0, 0.2), jitter=0)  # two attempts, then the dead letter


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def console_url(engine: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Any]]:
    """The console over a fresh outbox of `engine`, with a worker delivering from it; yields (URL, outbox)."""
    outbox, audit = open_console_outbox(engine, request, tmp_path)
    console = Console(outbox, EVENTS, audit)
    worker = Worker(outbox, policy=QUICK, allow=["127.0.0.0/8"], poll=0.05).start_thread()
    try:
        with uvicorn_server(ConsoleApp(console, Logins(token=TOKEN))) as url:
            yield url, outbox
    finally:
        worker.stop(10)
        outbox.close()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    with chromium(tmp_path / "chromium") as driver:
        yield driver


def navigate(driver: webdriver.Chrome, element: WebElement) -> None:
    """Click `element` and wait for the page it leads to (the old page gone)."""
    page = driver.find_element(By.TAG_NAME, "html")
    # chromedriver may lose the clicked node to the page it led to, when that came first; a click that led nowhere
    # fails the wait below
    with suppress(WebDriverException):
        element.click()
    wait(driver).until(lambda _: gone(page))


def gone(element: WebElement) -> bool:
    """Whether `element`'s page was replaced: chromedriver says so as a stale element, or as a node that no longer
    belongs to the document."""
    try:
        element.is_enabled()
    except WebDriverException:
        return True
    return False


def submit(driver: webdriver.Chrome, form: str, **fields: str) -> None:
    """Fill the form with id `form` (text inputs and selects by name), submit it and wait for the answer."""
    element = driver.find_element(By.ID, form) if form else driver.find_element(By.TAG_NAME, "form")
    for name, value in fields.items():
        field = element.find_element(By.NAME, name)
        if field.tag_name == "select":
            Select(field).select_by_visible_text(value)
        else:
            field.clear()
            field.send_keys(value)
    navigate(driver, element.find_element(By.CSS_SELECTOR, "button[type=submit]"))


def shown_state(driver: webdriver.Chrome, delivery_page: str, state: str) -> bool:
    driver.get(delivery_page)
    return bool(driver.find_elements(By.CSS_SELECTOR, f"h1 .state.{state}"))


def test_the_console_end_to_end(engine: str, console_url: tuple[str, Any], browser: webdriver.Chrome) -> None:
    url, outbox = console_url
    pages: dict[str, str] = {}  # every page seen after the secret was shown, by URL

    def visit(path: str) -> None:
        browser.get(url + path)
        pages[browser.current_url] = browser.page_source

    with Endpoint() as endpoint, uvicorn_server(endpoint) as hook:
        # a login is required, and a wrong one refused
        browser.get(url + "/")
        assert "/login" in browser.current_url
        submit(browser, "", user="ops", password="not the token")
        assert "wrong token" in browser.find_element(By.CSS_SELECTOR, ".error").text
        assert browser.get_cookie("salesman_console") is None
        submit(browser, "", user="ops", password=TOKEN)
        wait(browser).until(lambda d: d.find_element(By.TAG_NAME, "h1").text == "Overview")
        cookie = browser.get_cookie("salesman_console")
        assert cookie is not None and cookie["httpOnly"] and cookie["sameSite"] == "Strict"

        # a subscription, signed: its secret is shown once
        browser.get(url + "/subscriptions")
        submit(browser, "new-subscription", url=f"{hook}/hook", events="*")
        secret = browser.find_element(By.ID, "secret").text
        assert re.fullmatch(r"whsec_[A-Za-z0-9+/=]{30,}", secret)
        navigate(browser, browser.find_element(By.LINK_TEXT, "Done"))
        (sid,) = [s.id for s in outbox.subscriptions()]
        pages[browser.current_url] = browser.page_source

        # a test event, and its attempt
        Select(browser.find_element(By.NAME, "event")).select_by_visible_text("deal.close")
        navigate(browser, browser.find_element(By.CSS_SELECTOR, "#test button"))
        assert "queued for subscription" in browser.find_element(By.CSS_SELECTOR, ".note").text
        first = browser.find_element(By.CSS_SELECTOR, "table.deliveries tbody td a").get_attribute("href")
        assert first is not None
        wait(browser).until(lambda d: shown_state(d, first, "delivered"))
        attempt = browser.find_element(By.ID, "attempt-1").text
        assert "200" in attempt and "webhook-signature: v1," in attempt and "thanks" in attempt
        assert endpoint.received and endpoint.received[-1]["event"] == "deal.close"
        pages[browser.current_url] = browser.page_source
        if engine == "sqlite":
            browser.save_screenshot(str(SCREENSHOTS / "console-delivery.png"))

        # the endpoint fails: the failure, its error, then the dead letter
        endpoint.failing = True
        visit(f"/subscriptions/{sid}")
        navigate(browser, browser.find_element(By.CSS_SELECTOR, "#test button"))
        failed = browser.find_element(By.CSS_SELECTOR, "table.deliveries tbody td a").get_attribute("href")
        assert failed is not None and failed != first
        wait(browser).until(lambda d: shown_state(d, failed, "dead"))
        failure = browser.find_element(By.ID, "attempt-2").text
        assert "500" in failure and "broken on purpose" in failure
        dead_id = failed.rsplit("/", 1)[1]
        visit("/dead")
        assert browser.find_elements(By.CSS_SELECTOR, f"input[name=id][value='{dead_id}']")

        # back again: the dead letter sent again, and delivered
        endpoint.failing = False
        browser.find_element(By.CSS_SELECTOR, f"input[name=id][value='{dead_id}']").click()
        navigate(browser, browser.find_element(By.CSS_SELECTOR, "#dead-letters button[type=submit]"))
        assert "1 dead deliveries sent again" in browser.find_element(By.CSS_SELECTOR, ".note").text
        wait(browser).until(lambda d: shown_state(d, failed, "delivered"))
        pages[browser.current_url] = browser.page_source

        # the audit log tells who did what
        visit("/audit")
        audit = browser.find_element(By.CSS_SELECTOR, "table.audit").text
        for action in ("login", "subscription.create", "subscription.test", "dead.replay"):
            assert action in audit
        assert "ops" in audit

        # a change without the CSRF token (or with a wrong one) is refused, and changes nothing
        session = {"salesman_console": browser.get_cookie("salesman_console")["value"]}  # type: ignore[index]
        for form in ({"url": f"{hook}/other", "events": "*"}, {"url": f"{hook}/other", "events": "*", "csrf": "x"}):
            refused = httpx.post(url + "/subscriptions", data=form, cookies=session)
            assert refused.status_code == 403 and refused.json()["error"] == 403
        assert [s.id for s in outbox.subscriptions()] == [sid]

        # the overview, live; its screenshot
        visit("/")
        assert browser.find_element(By.ID, "delivered").text != "0"
        if engine == "sqlite":
            browser.save_screenshot(str(SCREENSHOTS / "console-overview.png"))
            # live: the page's script refreshes the figures from the server without a reload
            live = browser.find_element(By.ID, "live")
            wait(browser).until(lambda d: live.get_attribute("data-refreshed"))
            assert int(live.find_element(By.ID, "delivered").text) >= 2
        for path in ("/?window=day", "/subscriptions", f"/subscriptions/{sid}", "/deliveries", "/dead", "/catalog"):
            visit(path)

    # the secret was in no page after the one that showed it, nor in any answer to a plain request
    assert len(pages) >= 10
    for where, html in pages.items():
        assert secret not in html, where
    for path in ("/", "/subscriptions", f"/subscriptions/{sid}", "/deliveries", f"/deliveries/{dead_id}", "/audit"):
        assert secret not in httpx.get(url + path, cookies=session).text
