"""``keel run`` / ``keel dev``: serve an ASGI app on Keel's built-in server.

``run`` serves once (``--workers N`` forks N processes sharing one listening socket);
``dev`` is ``run`` with auto-reload and debug logging. Every server limit has a flag.
The argument parser builds a :class:`asgi_core.server.Config`; nothing here speaks HTTP.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from asgi_core.server.config import Config
from asgi_core.server.importer import ImportFromStringError
from asgi_core.server.lifespan import LifespanFailure
from asgi_core.server.serve import run_server

__all__ = ["PARENT_ENV", "build_config", "build_parser", "main"]

LOG_LEVELS = ("critical", "error", "warning", "info", "debug", "trace")
EXIT_STARTUP_FAILURE = 3
PARENT_ENV = "KEEL_SUPERVISOR_PID"


def _add_server_options(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("app", help="the ASGI app as 'module:attribute'")
    add("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    add("--port", type=int, default=8000, help="bind port (default 8000; 0 picks one)")
    add("--uds", default=None, help="bind to this UNIX domain socket instead")
    add("--fd", type=int, default=None, help="serve on an already-bound socket fd")
    add("--workers", type=int, default=1, help="processes sharing the listening socket")
    add("--root-path", default="", help="ASGI root_path, for apps mounted under a prefix")
    add(
        "--proxy-headers",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="trust X-Forwarded-* from --forwarded-allow-ips (on by default, as uvicorn)",
    )
    add("--forwarded-allow-ips", default=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"))
    add("--lifespan", choices=("auto", "on", "off"), default="auto")
    add("--log-level", choices=LOG_LEVELS, default=None)
    add("--access-log", action=argparse.BooleanOptionalAction, default=True)
    add("--ssl-certfile", default=None)
    add("--ssl-keyfile", default=None)
    add("--ssl-keyfile-password", default=None)
    add("--factory", action="store_true", help="APP is a zero-argument app factory")
    add("--loop", choices=("asyncio", "trio"), default="asyncio")
    add("--reload", action="store_true", help="restart when source files change")
    add("--reload-dir", action="append", default=None, help="directory to watch (repeatable)")
    add("--graceful-timeout", type=float, default=30.0)
    add("--timeout-keep-alive", type=float, default=5.0)
    add("--limit-concurrency", type=int, default=None)
    add("--limit-max-requests", type=int, default=1000)
    add("--max-body-size", type=int, default=100 * 1024 * 1024)
    add("--backlog", type=int, default=2048)
    add("--ws-max-size", type=int, default=16 * 1024 * 1024)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="keel", description="Serve an ASGI app with Keel.")
    commands = parser.add_subparsers(dest="command", required=True)
    _add_server_options(commands.add_parser("run", help="serve an app"))
    _add_server_options(commands.add_parser("dev", help="serve with auto-reload and debug logs"))
    return parser


def _proxy_hook() -> Any:
    """The X-Forwarded-* middleware, once the middleware package provides it."""
    for target in ("asgi_core.middleware.proxy_headers", "framework.middleware.proxy_headers"):
        try:
            module = importlib.import_module(target)
        except ImportError:
            continue
        middleware = getattr(module, "ProxyHeadersMiddleware", None)
        if middleware is not None:
            return lambda app, hosts: middleware(app, trusted_hosts=hosts)
    return None


def build_config(args: argparse.Namespace) -> Config:
    return Config(
        app=args.app,
        host=args.host,
        port=args.port,
        uds=args.uds,
        fd=args.fd,
        factory=args.factory,
        root_path=args.root_path,
        lifespan=args.lifespan,
        log_level=args.log_level or "info",
        access_log=args.access_log,
        ssl_certfile=args.ssl_certfile,
        ssl_keyfile=args.ssl_keyfile,
        ssl_keyfile_password=args.ssl_keyfile_password,
        proxy_headers=args.proxy_headers,
        forwarded_allow_ips=args.forwarded_allow_ips,
        proxy_headers_hook=_proxy_hook() if args.proxy_headers else None,
        loop=args.loop,
        graceful_timeout=args.graceful_timeout,
        keep_alive_timeout=args.timeout_keep_alive,
        limit_concurrency=args.limit_concurrency,
        max_requests_per_connection=args.limit_max_requests,
        max_body_size=args.max_body_size,
        backlog=args.backlog,
        ws_max_message_size=args.ws_max_size,
    )


def _configure_logging(level: str) -> None:
    numeric = logging.DEBUG if level in ("debug", "trace") else getattr(logging, level.upper())
    logging.basicConfig(level=numeric, format="%(levelname)s: %(message)s", stream=sys.stderr)


def _child_argv(argv: Sequence[str], drop: set[str], extra: list[str]) -> list[str]:
    """``argv`` for a child ``keel run``: without reload/worker flags, plus ``extra``."""
    out: list[str] = []
    skip = False
    for item in argv:
        if skip:
            skip = False
            continue
        name = item.split("=", 1)[0]
        if name in drop:
            skip = "=" not in item and name not in ("--reload",)
            continue
        out.append(item)
    out[0] = "run"
    return [sys.executable, "-m", "framework", *out, *extra]


def _print_urls(target: str, urls: list[str]) -> None:
    for url in urls:
        print(f"Keel serving {target} on {url} (press CTRL+C to quit)", flush=True)


def _serve(config: Config) -> int:
    try:
        run_server(config, on_started=lambda urls: _print_urls(str(config.app), urls))
    except LifespanFailure as exc:
        print(f"Keel: application startup failed: {exc}", file=sys.stderr, flush=True)
        return EXIT_STARTUP_FAILURE
    except ImportFromStringError as exc:
        print(f"Keel: {exc}", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        return 0
    return 0


def _exit_with_parent() -> None:
    """In a worker or reload child: shut down gracefully if the supervisor dies."""
    parent = os.environ.get(PARENT_ENV)
    if not parent or not parent.isdigit():
        return

    def watch() -> None:
        while os.getppid() == int(parent):
            time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="keel-parent-watch", daemon=True).start()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _exit_with_parent()
    args = build_parser().parse_args(argv)
    dev = args.command == "dev"
    _configure_logging(args.log_level or ("debug" if dev else "info"))
    if "" not in sys.path and os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    if dev or args.reload:
        from framework.cli.reload import Reloader

        dirs = [Path(d).resolve() for d in (args.reload_dir or [os.getcwd()])]
        extra = ["--log-level", "debug"] if dev and not args.log_level else []
        command = _child_argv(argv, {"--reload", "--reload-dir"}, extra)
        print(f"Keel: watching {', '.join(map(str, dirs))} for changes", file=sys.stderr)
        return Reloader(command, dirs).run()
    config = build_config(args)
    if args.workers > 1:
        from framework.cli.workers import run_workers

        return run_workers(config, argv, args.workers)
    return _serve(config)
