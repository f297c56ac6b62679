"""``keel run --workers N``: N server processes accepting on one listening socket.

The parent binds the socket once, starts ``keel run --fd FD`` children that inherit it,
forwards SIGINT/SIGTERM to them (each shuts down gracefully), restarts none, and exits with
the worst child exit code.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence

from asgi_core.server.config import Config
from asgi_core.server.serve import bind_socket

__all__ = ["run_workers"]


def _strip(argv: Sequence[str], names: set[str]) -> list[str]:
    out: list[str] = []
    skip = False
    for item in argv:
        if skip:
            skip = False
            continue
        name = item.split("=", 1)[0]
        if name in names:
            skip = "=" not in item
            continue
        out.append(item)
    return out


def run_workers(config: Config, argv: Sequence[str], workers: int) -> int:
    sock = bind_socket(config)
    host, port = (config.uds, None) if config.uds else sock.getsockname()[:2]
    args = _strip(argv, {"--workers", "--host", "--port", "--uds", "--fd"})
    args[0] = "run"
    command = [sys.executable, "-m", "framework", *args, "--fd", str(sock.fileno())]
    env = {**os.environ, "KEEL_SUPERVISOR_PID": str(os.getpid())}
    children = [
        subprocess.Popen(command, pass_fds=(sock.fileno(),), env=env) for _ in range(workers)
    ]
    where = f"unix:{host}" if port is None else f"http://{host}:{port}"
    print(f"Keel: {workers} workers sharing {where}", flush=True)

    stopping: list[int] = []

    def forward(signum: int, frame: object) -> None:
        stopping.append(signum)
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGTERM, forward)
    try:
        while any(child.poll() is None for child in children):
            time.sleep(0.1)
    finally:
        sock.close()
    return max(child.returncode or 0 for child in children)
