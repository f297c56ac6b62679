"""Every knob of the built-in server in one object, with HARDENING.md's defaults.

The protocol core reads only the limits; the transport reads the rest. Keeping them in one
frozen-by-convention dataclass means the CLI, ``run()`` and the tests all configure the same
thing, and a test can shrink a timeout to milliseconds without monkeypatching.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from asgi_core.types import ASGIApp

__all__ = ["KIB", "MIB", "Config", "LifespanMode"]

KIB = 1024
MIB = 1024 * KIB

LifespanMode = Literal["auto", "on", "off"]


@dataclass
class Config:
    """Where to listen, what to serve, and every limit the server enforces.

    ``app`` is an ASGI 3 callable or an import string ``"module:attr"`` (resolved by
    :func:`asgi_core.server.load_app`). ``None`` for a timeout disables that deadline;
    ``None`` for a size or count disables that limit.
    """

    app: ASGIApp | str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    uds: str | None = None
    fd: int | None = None
    factory: bool = False
    root_path: str = ""
    lifespan: LifespanMode = "auto"
    log_level: str = "info"
    access_log: bool = True
    ssl_certfile: str | None = None
    ssl_keyfile: str | None = None
    ssl_keyfile_password: str | None = None
    proxy_headers: bool = False
    forwarded_allow_ips: str = "127.0.0.1"
    # Wraps the app when ``proxy_headers`` is on: ``hook(app, trusted_hosts) -> app``. The
    # X-Forwarded-* middleware is a separate concern; the server only wires it in.
    proxy_headers_hook: Callable[[ASGIApp, list[str]], ASGIApp] | None = None
    loop: Literal["asyncio", "trio"] = "asyncio"
    server_header: bool = True
    date_header: bool = True

    # --- limits (HARDENING.md "Server defaults") ---
    backlog: int = 2048
    max_head_size: int = 16 * KIB
    head_timeout: float | None = 10.0
    body_timeout: float | None = 30.0
    # The body deadline grows by one second for every ``body_min_rate`` bytes received, so
    # large uploads at a sane rate pass and a one-byte-a-second client does not.
    body_min_rate: int = 1 * KIB
    max_body_size: int | None = 100 * MIB
    keep_alive_timeout: float | None = 5.0
    max_requests_per_connection: int | None = 1000
    limit_concurrency: int | None = None
    write_high_water: int = 64 * KIB
    # Bytes of pipelined requests buffered while the current one is being answered.
    max_pipeline_buffer: int = 64 * KIB
    graceful_timeout: float | None = 30.0
    ws_max_message_size: int = 16 * MIB
    ws_per_message_deflate: bool = True
    ws_ping_interval: float | None = None

    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.lifespan not in ("auto", "on", "off"):
            raise ValueError(f"lifespan must be 'auto', 'on' or 'off', got {self.lifespan!r}")
        if self.max_head_size < 1024:
            raise ValueError("max_head_size must be at least 1024 bytes")
        if self.write_high_water < 1:
            raise ValueError("write_high_water must be positive")
        if self.root_path.endswith("/"):
            self.root_path = self.root_path.rstrip("/")

    @property
    def trusted_hosts(self) -> list[str]:
        """``forwarded_allow_ips`` split on commas."""
        return [h.strip() for h in self.forwarded_allow_ips.split(",") if h.strip()]
