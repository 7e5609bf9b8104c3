"""The built docs site in a real browser (Debian's headless Chromium, driven over WebDriver): the index shows its
events table, the language switch goes to the Russian site and back, and search finds an event."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By

from salesman_events import EVENTS
from tests.browser import chromium, wait
from tests.helpers import build_site


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("site")
    result = build_site(site)
    assert result.returncode == 0, result.stderr
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    with chromium(tmp_path_factory.mktemp("chromium")) as driver:
        yield driver


def event_links(driver: webdriver.Chrome) -> list[str]:
    """Events listed in the index page's tables, by their shown names."""
    cells = driver.find_elements(By.CSS_SELECTOR, "article table tbody tr td:first-child a")
    return [cell.text for cell in cells if cell.get_attribute("href") and "/events/" in cell.get_attribute("href")]


def switch_language(driver: webdriver.Chrome, lang: str) -> None:
    """Open the header's language menu and pick `lang`, the way a reader does."""
    button = driver.find_element(By.CSS_SELECTOR, ".md-header__option .md-select > button")
    webdriver.ActionChains(driver).move_to_element(button).perform()
    link = driver.find_element(By.CSS_SELECTOR, f'.md-select__link[hreflang="{lang}"]')
    wait(driver).until(lambda d: link.is_displayed())
    link.click()
    wait(driver).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang)


def test_index_shows_every_event_in_its_table(browser: webdriver.Chrome, site_url: str) -> None:
    browser.get(site_url)
    wait(browser).until(lambda d: d.find_elements(By.CSS_SELECTOR, "article table"))
    assert sorted(event_links(browser)) == sorted(EVENTS)
    assert browser.find_element(By.CSS_SELECTOR, "article h1").text == "SalesMan CRM events"
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "article table thead th")]
    assert headers[:2] == ["Event", "Summary"]


def test_language_switch_goes_to_russian_and_back(browser: webdriver.Chrome, site_url: str) -> None:
    browser.get(site_url)
    switch_language(browser, "ru")
    assert browser.current_url == f"{site_url}ru/"
    assert browser.find_element(By.CSS_SELECTOR, "article h1").text == "События SalesMan CRM"
    assert sorted(event_links(browser)) == sorted(EVENTS)
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "article table thead th")]
    assert headers[:2] == ["Событие", "Кратко"]
    switch_language(browser, "en")
    assert browser.find_element(By.CSS_SELECTOR, "article h1").text == "SalesMan CRM events"


def test_search_finds_an_event_page(browser: webdriver.Chrome, site_url: str) -> None:
    browser.get(site_url)
    box = browser.find_element(By.CSS_SELECTOR, "input.md-search__input")  # in the header at this window width
    box.click()
    box.send_keys("invoice.doit")
    results = wait(browser).until(
        lambda d: [a.get_attribute("href") for a in d.find_elements(By.CSS_SELECTOR, ".md-search-result__link")]
    )
    assert results[0].split("?")[0] == f"{site_url}events/invoice-doit/", results  # the best match comes first
