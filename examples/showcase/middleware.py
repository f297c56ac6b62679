"""Advanced middleware: TrustedHost, CORS and GZip, in the order they wrap the app.

"Advanced Middleware": the list is outermost first, so an untrusted ``Host`` is refused
(400) before anything else runs, CORS answers preflights, and GZip compresses responses
of at least ``GZIP_MINIMUM`` bytes for clients that accept it. ``SHOWCASE_ALLOWED_HOSTS``
(comma-separated) replaces the default allowed hosts.
"""

from __future__ import annotations

import os

from framework import APIRouter
from framework.middleware import Middleware
from framework.middleware.cors import CORSMiddleware
from framework.middleware.gzip import GZipMiddleware
from framework.middleware.trustedhost import TrustedHostMiddleware
from framework.responses import PlainTextResponse

__all__ = ["ALLOWED_HOSTS", "CORS_ORIGINS", "GZIP_MINIMUM", "middleware", "router"]

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get(
        "SHOWCASE_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver,*.localhost"
    ).split(",")
    if h.strip()
]
CORS_ORIGINS = ["http://localhost:8080", "http://localhost:3000", "https://example.com"]
GZIP_MINIMUM = 1000

middleware = [
    Middleware(TrustedHostMiddleware, allowed_hosts=ALLOWED_HOSTS),
    Middleware(
        CORSMiddleware,
        allow_origins=CORS_ORIGINS,
        allow_credentials=True,
        allow_methods=["*"],
        allow_headers=["*"],
    ),
    Middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM, compresslevel=5),
]

router = APIRouter(prefix="/middleware", tags=["middleware"])


@router.get("/big", response_class=PlainTextResponse)
def big() -> str:
    """Large enough to be gzipped for a client sending ``Accept-Encoding: gzip``."""
    return "Keel " * 400


@router.get("/small", response_class=PlainTextResponse)
def small() -> str:
    """Below the threshold: never compressed."""
    return "tiny"
