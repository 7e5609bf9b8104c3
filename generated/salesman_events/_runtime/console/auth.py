# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Who may use the console: a login (one shared token, or users with scrypt password hashes), sessions kept in
memory behind an HttpOnly, SameSite=Strict cookie, and a CSRF token per session that every change must carry."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

__all__ = [
    "COOKIE",
    "FAILED_LOGIN_SECONDS",
    "SESSION_SECONDS",
    "Logins",
    "SecretsToShow",
    "Session",
    "Sessions",
    "hash_password",
    "read_users",
]

COOKIE: Final = "salesman_console"
SESSION_SECONDS: Final = 12 * 3600
TOKEN_USER: Final = "token"  # who a token login is, in the audit log
_SCRYPT: Final = {"n": 2**14, "r": 8, "p": 1}  # the parameters of new hashes (about 50 ms here, 16 MiB)
SHOW_WITHIN: Final = 300.0  # seconds a new secret waits for the page that shows it
FAILED_LOGIN_SECONDS: Final = 0.5  # a refused login answers no sooner than this (the app waits): guessing stays slow


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """`scrypt$n$r$p$salt$hash` (base64) of `password`: what a users file holds."""
    salt = os.urandom(16) if salt is None else salt
    digest = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    parts = (_SCRYPT["n"], _SCRYPT["r"], _SCRYPT["p"], _b64(salt), _b64(digest))
    return "scrypt$" + "$".join(map(str, parts))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _password_matches(password: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p))
    except ValueError:
        return False
    return hmac.compare_digest(got, expected)


def read_users(path: Path) -> dict[str, str]:
    """`name:scrypt$…` lines of a users file (blank lines and `#` comments skipped); ValueError naming a bad line."""
    users = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, stored = line.partition(":")
        if not name or not stored.startswith("scrypt$"):
            raise ValueError(f"{path}:{number}: expected name:scrypt$… (made by `console hash-password`)")
        users[name.strip()] = stored.strip()
    return users


class Logins:
    """Checks a login: a user's password, or the token (any user name but those of the users: the audit log's
    names of users are theirs alone)."""

    def __init__(self, *, token: str | None = None, users: Mapping[str, str] | None = None) -> None:
        if not token and not users:
            raise ValueError("the console needs a login: a token or users")
        self._token, self._users = token, dict(users or {})

    @property
    def by_token(self) -> bool:
        return bool(self._token)

    def check(self, user: str, password: str) -> str | None:
        """Who logged in, or None (the caller pauses until FAILED_LOGIN_SECONDS, the same for every refusal)."""
        if user in self._users:
            return user if _password_matches(password, self._users[user]) else None
        if self._token and hmac.compare_digest(password.encode(), self._token.encode()):
            return user or TOKEN_USER
        return None


@dataclass(frozen=True)
class Session:
    id: str
    user: str
    csrf: str
    expires_at: float


class Sessions:
    """The logged-in sessions of this console process (a restart logs everyone out)."""

    def __init__(self, lifetime: float = SESSION_SECONDS) -> None:
        self.lifetime = lifetime
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def start(self, user: str) -> Session:
        session = Session(secrets.token_urlsafe(32), user, secrets.token_urlsafe(32), time.time() + self.lifetime)
        with self._lock:
            now = time.time()
            self._sessions = {k: s for k, s in self._sessions.items() if s.expires_at > now}
            self._sessions[session.id] = session
        return session

    def get(self, session_id: str | None) -> Session | None:
        if not session_id:
            return None
        with self._lock:
            session = self._sessions.get(session_id)
        return session if session is not None and session.expires_at > time.time() else None

    def end(self, session_id: str) -> None:
        with self._lock:
            self._sessions.pop(session_id, None)

    @staticmethod
    def cookie(session: Session | None, *, secure: bool) -> tuple[str, str]:
        """The Set-Cookie header that keeps `session` (None: that ends it)."""
        value, age = (session.id, int(session.expires_at - time.time())) if session else ("", 0)
        flags = "; Secure" if secure else ""
        return "set-cookie", f"{COOKIE}={value}; Path=/; Max-Age={age}; HttpOnly; SameSite=Strict{flags}"

    @staticmethod
    def csrf_ok(session: Session, given: str) -> bool:
        return hmac.compare_digest(session.csrf.encode(), given.encode())

    @staticmethod
    def seal(session: Session, note: str) -> str:
        """The seal of a note a change put in the URL it went on to: only a note with it is shown (a link from
        elsewhere can't make the console say something)."""
        return hmac.new(session.csrf.encode(), note.encode(), "sha256").hexdigest()[:16]

    @staticmethod
    def sealed(session: Session | None, note: str, seal: str) -> bool:
        return session is not None and hmac.compare_digest(Sessions.seal(session, note).encode(), seal.encode())


class SecretsToShow:
    """Secrets just made, each kept in memory for the one page that shows it to the session that made it, and gone
    once shown (or after SHOW_WITHIN seconds): a reload, or going back, can't show it again nor make another."""

    def __init__(self) -> None:
        self._kept: dict[tuple[str, int], tuple[str, float]] = {}
        self._lock = threading.Lock()

    def keep(self, session_id: str, subscription_id: int, secret: str) -> None:
        with self._lock:
            now = time.monotonic()
            self._kept = {k: v for k, v in self._kept.items() if v[1] > now}
            self._kept[session_id, subscription_id] = (secret, now + SHOW_WITHIN)

    def take(self, session_id: str, subscription_id: int) -> str | None:
        with self._lock:
            secret, until = self._kept.pop((session_id, subscription_id), ("", 0.0))
        return secret if secret and until > time.monotonic() else None
