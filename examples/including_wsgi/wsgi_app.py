"""A hand-written WSGI application mounted at ``/v1`` with ``WSGIMiddleware``.

It answers like the seed's Flask program (``Hello, {name} from Flask!`` with the name
HTML-escaped as markupsafe does it, ``text/html; charset=utf-8``; Flask's 404 and 405
pages, ``HEAD`` and ``OPTIONS``), so the section runs without Flask: every request under
``/v1`` goes to the WSGI app, the rest to Keel.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

from framework import App
from framework.middleware.wsgi import WSGIMiddleware

__all__ = ["app", "escape", "wsgi_app"]

HTML = "text/html; charset=utf-8"
ALLOW = "OPTIONS, HEAD, GET"
NOT_FOUND = (
    b"<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n"
    b"<p>The requested URL was not found on the server. If you entered the URL manually "
    b"please check your spelling and try again.</p>\n"
)
NOT_ALLOWED = (
    b"<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n"
    b"<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n"
)
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&#39;", '"': "&#34;"})


def escape(text: str) -> str:
    """HTML-escape ``text`` the way markupsafe (Flask's) does."""
    return text.translate(_ESCAPES)


def _hello(environ: dict[str, Any]) -> bytes:
    # PEP 3333: QUERY_STRING is latin-1 text carrying the raw bytes.
    raw = environ.get("QUERY_STRING", "").encode("latin-1").decode("utf-8", "replace")
    name = parse_qs(raw, keep_blank_values=True).get("name", ["World"])[0]
    return f"Hello, {escape(name)} from Flask!".encode()


def wsgi_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    method = environ["REQUEST_METHOD"]
    if (environ.get("PATH_INFO") or "/") != "/":
        status, headers, body = "404 NOT FOUND", [], NOT_FOUND
    elif method == "OPTIONS":
        status, headers, body = "200 OK", [("Allow", ALLOW)], b""
    elif method not in ("GET", "HEAD"):
        status, headers, body = "405 METHOD NOT ALLOWED", [("Allow", ALLOW)], NOT_ALLOWED
    else:
        status, headers, body = "200 OK", [], _hello(environ)
    start_response(
        status,
        [("Content-Type", HTML), *headers, ("Content-Length", str(len(body)))],
    )
    return [b"" if method == "HEAD" else body]


app = App()


@app.get("/v2")
def read_main():
    return {"message": "Hello World"}


app.mount("/v1", WSGIMiddleware(wsgi_app))
