"""The gate in front of every request: Host, token, same origin, body size.

A local server is still reachable from every web page the user opens, so each request must prove
it comes from our own page: the Host must be our loopback address (a DNS-rebinding page sends its
own name), the per-launch token must be present (another local user or a page guessing the port
does not have it), and a POST must come from our own origin (a cross-site form carries our cookie
but not our Origin). Bodies are capped while they stream in, so an oversized upload is refused
before it is held in memory.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, parse_qsl, quote, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..ingest.limits import format_mb

TOKEN_HEADER = "x-bundlinje-token"
TOKEN_PARAM = "token"

MSG_HOST = "Ugyldig værtsadresse. Åbn siden via {url}."
MSG_TOKEN = (
    "Adgang nægtet. Siden kræver den adgangsnøgle, der blev vist, da »bundlinje serve« blev startet. "
    "Åbn adressen fra terminalvinduet igen."
)
MSG_ORIGIN = "Forespørgslen kom ikke fra værktøjets egen side og er afvist."
MSG_TOO_BIG = "Filen er for stor; grænsen er {limit}."


def cookie_name(port: int) -> str:
    """Cookies are not kept apart by port, so two servers on one machine need their own names."""
    return f"bundlinje_adgang_{port}"


def session_cookie_name(port: int) -> str:
    return f"bundlinje_session_{port}"


@dataclass(frozen=True)
class GuardConfig:
    token: str
    port: int
    hosts: tuple[str, ...]
    """Accepted Host header values, each with the port (``127.0.0.1:8765``)."""
    max_body: int
    """Largest request body accepted (the reader's file limit plus room for the form)."""
    file_limit: int
    """The reader's file limit, for the message."""

    @property
    def url(self) -> str:
        return f"http://{self.hosts[0]}/"


def hosts_for(host: str, port: int) -> tuple[str, ...]:
    names = {"127.0.0.1", "localhost", host}
    if host == "::1":
        names = {"[::1]", "localhost"}
    ordered = sorted(names - {"localhost"}) + ["localhost"]
    return tuple(f"{name}:{port}" for name in ordered)


class TooLarge(Exception):
    """The body passed the cap while it was being read."""


def _headers(scope: Scope) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in scope.get("headers", []):
        out.setdefault(key.decode("latin-1").lower(), value.decode("latin-1"))
    return out


def request_token(scope: Scope, headers: dict[str, str], port: int) -> tuple[str | None, str]:
    """The token the request carries and how: ``header``, ``query`` or ``cookie``."""
    if TOKEN_HEADER in headers:
        return headers[TOKEN_HEADER], "header"
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    if query.get(TOKEN_PARAM):
        return query[TOKEN_PARAM][0], "query"
    raw = headers.get("cookie")
    if raw:
        jar = SimpleCookie()
        try:
            jar.load(raw)
        except Exception:  # noqa: BLE001 - a malformed cookie header is simply no token
            return None, "cookie"
        morsel = jar.get(cookie_name(port))
        if morsel is not None:
            return morsel.value, "cookie"
    return None, "none"


class Guard:
    """ASGI middleware: refuse what does not come from our own page, before the app sees it."""

    def __init__(self, app: ASGIApp, config: GuardConfig) -> None:
        self.app = app
        self.config = config

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cfg = self.config
        headers = _headers(scope)
        api = scope.get("path", "").startswith("/api/")
        if headers.get("host", "").lower() not in cfg.hosts:
            await _refuse(send, 400, MSG_HOST.format(url=cfg.url), api)
            return
        token, how = request_token(scope, headers, cfg.port)
        if token is None or not secrets.compare_digest(token.encode("utf-8", "replace"), cfg.token.encode("utf-8")):
            await _refuse(send, 403, MSG_TOKEN, api)
            return
        scope.setdefault("state", {})["token_via"] = how
        path = scope.get("path", "")
        if how == "query" and scope.get("method") == "GET" and not path.startswith(("/api/", "/static/")):
            await _to_cookie(scope, send, cfg)
            return
        if scope.get("method", "GET") not in ("GET", "HEAD", "OPTIONS") and not _same_origin(headers, how):
            await _refuse(send, 403, MSG_ORIGIN, api)
            return
        length = headers.get("content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                declared = -1
            if declared < 0:
                await _refuse(send, 400, "Forespørgslens længde (Content-Length) er ugyldig.", api)
                return
            if declared > cfg.max_body:
                await _refuse(send, 413, MSG_TOO_BIG.format(limit=format_mb(cfg.file_limit)), api)
                return
        received = 0
        started = False

        async def capped_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > cfg.max_body:
                    raise TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, capped_receive, tracking_send)
        except TooLarge:
            if started:
                raise
            await _refuse(send, 413, MSG_TOO_BIG.format(limit=format_mb(cfg.file_limit)), api)


async def _to_cookie(scope: Scope, send: Send, cfg: GuardConfig) -> None:
    """A page opened with the token in its address: the same page without it, the token in a
    cookie, so it is not left in the history, a bookmark or a screenshot of the address bar."""
    pairs = [(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
             if k != TOKEN_PARAM]
    location = quote(scope.get("path", "/")) + (f"?{urlencode(pairs)}" if pairs else "")
    cookie = f"{cookie_name(cfg.port)}={cfg.token}; Path=/; HttpOnly; SameSite=Strict"
    await send({
        "type": "http.response.start",
        "status": 303,
        "headers": [
            (b"location", location.encode("latin-1")),
            (b"set-cookie", cookie.encode("latin-1")),
            (b"content-length", b"0"),
            (b"cache-control", b"no-store"),
        ],
    })
    await send({"type": "http.response.body", "body": b""})


def _same_origin(headers: dict[str, str], token_via: str) -> bool:
    """A browser names the origin of a cross-site POST (Origin, or at least Sec-Fetch-Site); a
    request with neither is from a program, which is safe only if it sent the token itself."""
    origin = headers.get("origin")
    if origin is not None:
        return origin.lower() == f"http://{headers.get('host', '').lower()}"
    site = headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    return token_via in ("header", "query")


async def _refuse(send: Send, status: int, message: str, api: bool) -> None:
    if api:
        body = json.dumps({"fejl": message}, ensure_ascii=False).encode("utf-8")
        ctype = b"application/json"
    else:
        body = error_page(status, message).encode("utf-8")
        ctype = b"text/html; charset=utf-8"
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", ctype),
            (b"content-length", str(len(body)).encode()),
            (b"cache-control", b"no-store"),
            (b"connection", b"close"),
        ],
    })
    await send({"type": "http.response.body", "body": body})


#: Sent with every response: nothing from elsewhere may load, frame us or read our pages.
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy",
     b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; "
     b"connect-src 'self'; base-uri 'none'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # not no-referrer: Chromium would send Origin: null
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-resource-policy", b"same-origin"),
]

_TITLES = {400: "Ugyldig forespørgsel", 403: "Adgang nægtet", 413: "Filen er for stor"}


def error_page(status: int, message: str) -> str:
    """A minimal page for refusals made before the app (and its templates) are reached."""
    from html import escape

    title = _TITLES.get(status, "Fejl")
    return (
        '<!DOCTYPE html>\n<html lang="da"><head><meta charset="utf-8">'
        f"<title>{escape(title)} – Relationel bundlinje</title></head>"
        f"<body><main><h1>{escape(title)}</h1><p>{escape(message)}</p></main></body></html>\n"
    )
