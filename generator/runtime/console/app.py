"""The console as an ASGI app: its routes, the login every page but the login page needs, the CSRF token every
change needs, static files, and refusals as pages (or JSON, for scripts) — never a 500 for a bad request."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Callable
from typing import Final
from urllib.parse import quote, urlencode, urlsplit

from ..receive.asgi import ASGIReceive, ASGIScope, ASGISend
from . import actions, pages
from .auth import COOKIE, FAILED_LOGIN_SECONDS, Logins, Session, Sessions
from .state import STATIC, Console
from .web import HTTPError, Page, WebRequest, read_request, send_page

__all__ = ["ConsoleApp"]

logger = logging.getLogger(__name__.split("._runtime", 1)[0] + ".console")
Handler = Callable[..., Page]
_ID: Final = "([0-9]{1,18})"  # ASCII digits, never past what the outbox keeps (a longer id is no page, not a 500)

ROUTES: Final[tuple[tuple[str, str, Handler], ...]] = (
    ("GET", r"/", pages.overview),
    ("GET", r"/subscriptions", pages.subscriptions),
    ("POST", r"/subscriptions", actions.create_subscription),
    ("GET", rf"/subscriptions/{_ID}", pages.subscription),
    ("POST", rf"/subscriptions/{_ID}", actions.edit_subscription),
    ("POST", rf"/subscriptions/{_ID}/disable", actions.disable_subscription),
    ("POST", rf"/subscriptions/{_ID}/enable", actions.enable_subscription),
    ("POST", rf"/subscriptions/{_ID}/rotate", actions.rotate_secret),
    ("GET", rf"/subscriptions/{_ID}/secret", pages.new_secret),
    ("POST", rf"/subscriptions/{_ID}/test", actions.send_test_event),
    ("GET", r"/deliveries", pages.deliveries),
    ("GET", rf"/deliveries/{_ID}", pages.delivery),
    ("POST", rf"/deliveries/{_ID}/replay", actions.replay_delivery),
    ("GET", r"/dead", pages.dead),
    ("POST", r"/dead/replay", actions.replay_dead),
    ("POST", r"/quarantine/replay", actions.replay_quarantine),
    ("GET", r"/catalog", pages.catalog),
    ("GET", r"/audit", pages.audit),
)
_COMPILED: Final = tuple((method, re.compile(pattern), handler) for method, pattern, handler in ROUTES)
# Their types named here: a machine's own table may call a script text/plain, which nosniff then refuses to run.
_STATIC_FILES: Final = {"console.css": "text/css", "console.js": "text/javascript"}
# Where a login may go on to: a path of this console, printable ASCII without a backslash (a browser reads "/\\x"
# and "/<tab>/x" as "//x": another site), never "//".
_TARGET: Final = re.compile(r"/(?!/)[!-\[\]-~]*")


class ConsoleApp:
    """`salesman-events console`: the outbox's deliveries, dead letters and subscriptions in a browser."""

    def __init__(self, console: Console, logins: Logins, *, secure_cookie: bool = False) -> None:
        """`secure_cookie`: mark the session cookie Secure (served behind HTTPS)."""
        self.console, self.logins, self.sessions = console, logins, Sessions()
        self.secure_cookie = secure_cookie

    async def __call__(self, scope: ASGIScope, receive: ASGIReceive, send: ASGISend) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        if scope["type"] != "http":
            return
        try:
            request = await read_request(scope, receive)
            page = await self._respond(request)
        except HTTPError as error:
            page = self._refusal(scope, error)
        except Exception:
            logger.exception("console: %s %s failed", scope.get("method"), scope.get("path"))
            page = self._refusal(scope, HTTPError(500, "the console failed; see its log"))
        await send_page(send, page)

    async def _respond(self, request: WebRequest) -> Page:
        if request.path.startswith("/static/"):
            return _static(request.path.removeprefix("/static/"))
        if request.path == "/login":
            return await self._login(request)
        session = self.sessions.get(request.cookies.get(COOKIE))
        if session is None:
            if request.method != "GET" or request.query.get("partial"):  # a live refresh: the page reloads
                raise HTTPError(401, "log in first")
            back = request.path + ("?" + urlencode(request.query) if request.query else "")  # with its filters
            return Page.redirect("/login?next=" + quote(back, safe=""))
        if request.method == "POST":
            self._check_change(request, session)
            if request.path == "/logout":
                self.sessions.end(session.id)
                return Page.redirect("/login", self.sessions.cookie(None, secure=self.secure_cookie))
        for method, pattern, handler in _COMPILED:
            match = pattern.fullmatch(request.path)
            if match and method == request.method:
                return await asyncio.to_thread(handler, self.console, request, session, *match.groups())
        if any(p.fullmatch(request.path) for _, p, _ in _COMPILED):
            raise HTTPError(405, f"{request.method} is not allowed here")
        raise HTTPError(404, f"no page {request.path}")

    @staticmethod
    def _check_origin(request: WebRequest) -> None:
        """When the browser says where a POST comes from, it must come from here (a login too: no other site logs
        a browser in to the console as someone else)."""
        origin = request.headers.get("origin")
        if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host", ""):
            raise HTTPError(403, "a change from another site")

    def _check_change(self, request: WebRequest, session: Session) -> None:
        """A change must carry the session's CSRF token and come from here."""
        self._check_origin(request)
        if not Sessions.csrf_ok(session, request.arg("csrf")):
            raise HTTPError(403, "the form's CSRF token is missing or wrong; reload the page and try again")

    async def _login(self, request: WebRequest) -> Page:
        target = request.arg("next") or "/"
        if not _TARGET.fullmatch(target):
            target = "/"  # only pages of this console: no redirect to another site
        form = {"target": target, "by_token": self.logins.by_token}
        if request.method != "POST":
            return self.console.page("login.html", request, None, error="", **form)
        self._check_origin(request)
        started = time.monotonic()
        who = await asyncio.to_thread(self.logins.check, request.arg("user"), request.arg("password"))
        if who is None:  # the pause off the threads the pages need: guessing can't stall the console
            await asyncio.sleep(max(0.0, FAILED_LOGIN_SECONDS - (time.monotonic() - started)))
            error = "wrong token" if self.logins.by_token else "wrong user or password"
            page = self.console.page("login.html", request, None, error=error, **form)
            page.status = 401
            return page
        session = self.sessions.start(who)
        await asyncio.to_thread(self.console.record, session, "login")  # the audit log is a store: off the loop
        return Page.redirect(target, self.sessions.cookie(session, secure=self.secure_cookie))

    def _refusal(self, scope: ASGIScope, error: HTTPError) -> Page:
        accept = dict(scope.get("headers", [])).get(b"accept", b"")
        if b"text/html" not in accept:
            return Page.json({"error": error.status, "detail": error.reason}, error.status)
        try:
            page = self.console.templates.get_template("error.html").render(status=error.status, reason=error.reason)
        except Exception:  # the refusal itself must not fail
            page = f"{error.status}: {error.reason}"
        return Page(page, error.status)


def _static(name: str) -> Page:
    if name not in _STATIC_FILES:
        raise HTTPError(404, f"no file {name}")
    return Page((STATIC / name).read_bytes(), content_type=f"{_STATIC_FILES[name]}; charset=utf-8", headers=[])
