"""``keel dev``: restart a child server process when a source file changes.

Polling mtimes (no inotify dependency) of the ``*.py`` files under the watched
directories every ``interval`` seconds; the child is a plain ``keel run`` process, so the
reloader never imports user code itself and a syntax error only kills the child.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

__all__ = ["Reloader", "snapshot"]

_SKIP_DIRS = {".git", ".venv", "venv", "__pycache__", "node_modules", ".mypy_cache"}


def _walk(directory: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(directory):
        dirs[:] = [d for d in dirs if d not in _SKIP_DIRS and not d.startswith(".")]
        for name in files:
            if name.endswith(".py"):
                yield Path(root, name)


def snapshot(directories: Iterable[Path]) -> dict[Path, float]:
    """mtime of every watched file."""
    times: dict[Path, float] = {}
    for directory in directories:
        for path in _walk(directory):
            try:
                times[path] = path.stat().st_mtime
            except OSError:
                continue
    return times


class Reloader:
    """Run ``command`` in a child process, restarting it when ``directories`` change."""

    def __init__(self, command: list[str], directories: list[Path], interval: float = 0.5):
        self.command = command
        self.directories = directories
        self.interval = interval
        self.child: subprocess.Popen[bytes] | None = None
        self._stop = False

    def _start(self) -> None:
        env = {**os.environ, "KEEL_SUPERVISOR_PID": str(os.getpid())}
        self.child = subprocess.Popen(self.command, env=env)

    def _stop_child(self) -> int:
        child = self.child
        if child is None:
            return 0
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        return child.returncode or 0

    def _on_signal(self, signum: int, frame: object) -> None:
        self._stop = True

    def run(self) -> int:
        signal.signal(signal.SIGINT, self._on_signal)
        signal.signal(signal.SIGTERM, self._on_signal)
        before = snapshot(self.directories)
        self._start()
        while not self._stop:
            time.sleep(self.interval)
            now = snapshot(self.directories)
            if now != before:
                changed = sorted(
                    str(p)
                    for p in set(now) ^ set(before)
                    | {p for p in now.keys() & before.keys() if now[p] != before[p]}
                )
                print(f"Keel: {', '.join(changed[:3])} changed, reloading", file=sys.stderr)
                before = now
                self._stop_child()
                self._start()
        return self._stop_child()
