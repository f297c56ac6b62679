"""The root page: every seed section the showcase covers, with links to try.

``SECTIONS`` is the single list: the HTML page at ``/`` and the JSON at ``/sections`` are
both rendered from it, and the tests walk it to check that every listed GET link answers.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any, NamedTuple

from framework import APIRouter
from framework.responses import HTMLResponse

__all__ = ["EXTRA_SECTIONS", "SECTIONS", "Endpoint", "render_index", "router", "section_tags"]


class Endpoint(NamedTuple):
    method: str  # "GET", "POST", ... or "WS"
    path: str
    note: str


SECTIONS: list[tuple[str, list[Endpoint]]] = [
    ("Additional Status Codes", [
        Endpoint("PUT", "/status/items/{item_id}", "upsert: 200 when it exists, 201 when created"),
        Endpoint("POST", "/status/accepted", "status_code=202 on the decorator"),
        Endpoint("DELETE", "/status/items/{item_id}", "204, no body"),
    ]),
    ("Response - Change Status Code", [
        Endpoint("PUT", "/status/tasks/{task_id}", "response.status_code = 201 when created"),
    ]),
    ("Response Headers", [
        Endpoint("GET", "/response/headers", "header set on the Response parameter"),
        Endpoint("GET", "/response/headers-direct", "headers on a returned JSONResponse"),
    ]),
    ("Response Cookies", [
        Endpoint("POST", "/response/cookie-and-object", "cookie on the Response parameter"),
        Endpoint("POST", "/response/cookie", "cookie on a returned JSONResponse"),
        Endpoint("GET", "/response/cookie", "read the cookie back"),
        Endpoint("POST", "/response/status-and-header", "status, header and cookie at once"),
    ]),
    ("Return a Response Directly", [
        Endpoint("PUT", "/responses/items/{item_id}", "jsonable_encoder + JSONResponse"),
        Endpoint("GET", "/responses/legacy", "XML in a plain Response"),
    ]),
    ("Custom Response - HTML, Stream, File, others", [
        Endpoint("GET", "/responses/html", "response_class=HTMLResponse"),
        Endpoint("GET", "/responses/html-direct", "an HTMLResponse returned directly"),
        Endpoint("GET", "/responses/plain", "PlainTextResponse"),
        Endpoint("GET", "/responses/redirect", "RedirectResponse (307) to typer"),
        Endpoint("GET", "/responses/redirect-class", "response_class=RedirectResponse, 302"),
        Endpoint("GET", "/responses/stream", "StreamingResponse from an async generator"),
        Endpoint("GET", "/responses/file", "response_class=FileResponse"),
        Endpoint("GET", "/responses/file-direct", "FileResponse with a download name"),
        Endpoint("GET", "/responses/indented", "a custom response class"),
    ]),
    ("Advanced Dependencies", [
        Endpoint("GET", "/deps/query-checker/?q=foobar", "a parameterized callable instance"),
        Endpoint("GET", "/deps/scopes", "yield dependencies, function vs request scope"),
        Endpoint("GET", "/deps/cleanup-log", "what the yield dependencies logged"),
        Endpoint("GET", "/deps/owned/portal-gun", "an exception caught at the yield"),
    ]),
    ("Testing Dependencies with Overrides", [
        Endpoint("GET", "/deps/items/?q=keel", "common_parameters, overridable in tests"),
        Endpoint("GET", "/deps/users/", "the same dependency on another route"),
    ]),
    ("Settings and Environment Variables", [
        Endpoint("GET", "/settings/info", "a cached settings dependency"),
    ]),
    ("Lifespan Events", [
        Endpoint("GET", "/lifespan/predict?x=2", "a model loaded at startup"),
        Endpoint("GET", "/lifespan/events", "startup/shutdown seen by this process"),
    ]),
    ("Sub Applications - Mounts", [
        Endpoint("GET", "/subapi/sub", "an App mounted at /subapi"),
        Endpoint("GET", "/tooling/mounts", "what is mounted next to the routes"),
    ]),
    ("Including WSGI - Flask, Django, others", [
        Endpoint("GET", "/wsgi/?name=Keel", "a WSGI app through WSGIMiddleware"),
        Endpoint("GET", "/tooling/mounts", "the WSGI mount among the others"),
    ]),
    ("Using Dataclasses", [
        Endpoint("POST", "/dataclasses/items/", "a dataclass body"),
        Endpoint("GET", "/dataclasses/items/next", "a dataclass response_model"),
        Endpoint("POST", "/dataclasses/authors/{author_id}/items/", "nested dataclasses"),
        Endpoint("GET", "/dataclasses/authors/", "a list of dataclasses"),
    ]),
    ("Using the Request Directly", [
        Endpoint("GET", "/request/items/foo", "the client address from the Request"),
        Endpoint("GET", "/request/echo?a=1", "method, path, query, a header"),
        Endpoint("POST", "/request/raw-body", "the body bytes, unparsed"),
    ]),
    ("Behind a Proxy", [
        Endpoint("GET", "/request/proxy", "root_path and a URL built with it"),
    ]),
    ("Advanced Middleware", [
        Endpoint("GET", "/middleware/big", "gzipped when accepted"),
        Endpoint("GET", "/middleware/small", "below the gzip threshold"),
    ]),
    ("Templates", [
        Endpoint("GET", "/templates/items/42", "a Jinja2 page"),
        Endpoint("GET", "/static/styles.css", "StaticFiles"),
    ]),
    ("WebSockets", [
        Endpoint("GET", "/ws/", "the chat page"),
        Endpoint("WS", "/ws/chat/{client_id}", "broadcast chat"),
        Endpoint("WS", "/ws/echo", "echo"),
        Endpoint("WS", "/ws/items/{item_id}?token=...", "Cookie/Query/Depends in a websocket"),
    ]),
    ("Path Operation Advanced Configuration", [
        Endpoint("GET", "/openapi-features/operation-id", "operation_id"),
        Endpoint("GET", "/openapi-features/hidden", "include_in_schema=False"),
        Endpoint("POST", "/openapi-features/described", "docstring cut at \\f"),
        Endpoint("POST", "/openapi-features/extra", "openapi_extra"),
    ]),
    ("Additional Responses in OpenAPI", [
        Endpoint("GET", "/openapi-features/items/bar", "a documented 404 model"),
    ]),
    ("OpenAPI Callbacks", [
        Endpoint("POST", "/openapi-features/invoices/", "a documented callback"),
    ]),
    ("OpenAPI Webhooks", [
        Endpoint("GET", "/openapi.json", "the new-subscription webhook (with the emitter)"),
    ]),
    ("Testing Events: lifespan and startup - shutdown", [
        Endpoint("GET", "/lifespan/events", "runs only inside `with TestClient(app)`"),
    ]),
    ("Testing WebSockets", [
        Endpoint("GET", "/ws/", "an HTTP route, tested with the same client"),
        Endpoint("WS", "/ws/echo", "client.websocket_connect('/ws/echo') in the tests"),
    ]),
    ("Async Tests", [
        Endpoint("POST", "/tooling/async-store?row=hello", "awaits an async store"),
    ]),
    ("HTTP Basic Auth", [
        Endpoint("GET", "/security/basic/users/me", "HTTPBasic, stanleyjobson / swordfish"),
    ]),
    ("OAuth2 scopes", [
        Endpoint("POST", "/security/token", "password form -> token with scopes me, items"),
        Endpoint("GET", "/security/users/me", "Security(..., scopes=['me'])"),
        Endpoint("GET", "/security/users/me/items", "scopes me and items"),
    ]),
    ("Security Tools", [
        Endpoint("POST", "/security/token", "OAuth2PasswordRequestForm"),
        Endpoint("GET", "/security/api-key", "APIKeyHeader x-key: showcase-key"),
        Endpoint("GET", "/security/optional-bearer", "HTTPBearer(auto_error=False)"),
    ]),
    ("Dependencies - Depends() and Security()", [
        Endpoint("GET", "/security/use-cache", "Depends(use_cache=False) calls again"),
        Endpoint("GET", "/security/users/me/items", "Security() with scopes"),
    ]),
    ("Generating SDKs", [
        Endpoint("GET", "/tooling/sdk-operations", "the operationIds a client is built from"),
    ]),
    ("FastAPI in Containers - Docker", [
        Endpoint("GET", "/tooling/container", "the image's CMD: the built-in server"),
    ]),
    ("Streaming - JSON Lines and Server-Sent Events", [
        Endpoint("GET", "/tooling/notes.jsonl", "a generator endpoint, one JSON a line"),
        Endpoint("GET", "/tooling/notes.sse", "EventSourceResponse, ServerSentEvent"),
    ]),
]

#: Not a section of the seed: streaming from generator endpoints (``framework.sse``).
EXTRA_SECTIONS = frozenset({"Streaming - JSON Lines and Server-Sent Events"})


def _row(endpoint: Endpoint) -> str:
    path = escape(endpoint.path)
    if endpoint.method == "GET" and "{" not in endpoint.path:
        path = f'<a href="{path}">{path}</a>'
    return f"<li><code>{endpoint.method}</code> {path} — {escape(endpoint.note)}</li>"


def render_index(sections: list[tuple[str, list[Endpoint]]] = SECTIONS) -> str:
    parts = [
        "<!DOCTYPE html>\n<html>\n<head><title>Keel showcase</title>",
        '<link href="/static/styles.css" rel="stylesheet"></head>\n<body>',
        "<h1>Keel showcase</h1>",
        "<p>One Keel app touching the sections of FastAPI's Advanced User Guide.",
        'Interactive docs: <a href="/docs">/docs</a> and <a href="/redoc">/redoc</a>.</p>',
    ]
    for title, endpoints in sections:
        parts.append(f"<h2>{escape(title)}</h2>\n<ul>")
        parts.extend(_row(endpoint) for endpoint in endpoints)
        parts.append("</ul>")
    parts.append("</body>\n</html>\n")
    return "\n".join(parts)


INDEX_HTML = render_index()

def section_tags(method: str, path_regex: re.Pattern[str]) -> list[str]:
    """The titles of the sections listing a route (matched by its method and path regex)."""
    return [
        title
        for title, endpoints in SECTIONS
        if any(e.method == method and path_regex.match(e.path.split("?")[0]) for e in endpoints)
    ]


router = APIRouter(tags=["index"])


@router.get("/", response_class=HTMLResponse)
def index() -> str:
    return INDEX_HTML


@router.get("/sections")
def sections() -> list[dict[str, Any]]:
    return [
        {"section": title, "endpoints": [e._asdict() for e in endpoints]}
        for title, endpoints in SECTIONS
    ]
