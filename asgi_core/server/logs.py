"""Access-log lines with every control character escaped (CVE-2020-7694).

A request path is attacker-controlled and percent-decoded; written raw, ``%0a`` or an ANSI
escape would forge log lines or drive the operator's terminal. Every character below 0x20,
DEL and the C1 range is written as ``\\xNN``.
"""

from __future__ import annotations

import logging
import re
from typing import Any

__all__ = ["access_logger", "escape", "format_access", "server_logger"]

access_logger = logging.getLogger("keel.access")
server_logger = logging.getLogger("keel.server")

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\\]")


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    return "\\\\" if char == "\\" else f"\\x{ord(char):02x}"


def escape(text: str) -> str:
    """``text`` with control characters (and backslashes) as ``\\xNN`` escapes."""
    return _CONTROL.sub(_escape_char, text)


def _peer(client: Any) -> str:
    if not client:
        return "-"
    return f"{client[0]}:{client[1]}"


def format_access(scope: dict[str, Any], status: int) -> str:
    """``client - "METHOD /path?query HTTP/1.1" status`` with user input escaped."""
    path = scope.get("path", "")
    query = scope.get("query_string", b"")
    if query:
        path = f"{path}?{query.decode('latin-1')}"
    line = f'{scope.get("method", "GET")} {path} HTTP/{scope.get("http_version", "1.1")}'
    return f'{_peer(scope.get("client"))} - "{escape(line)}" {status}'
