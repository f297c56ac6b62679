"""The per-connection state machines behind ``testing.conformance``.

A monitor sits between one app call and its server: every ``send`` is looked up in a
transition table (state, message type) -> next state, its fields are validated, and only
then passed on; every ``receive`` is checked for misuse (two at once, after the app
returned, where the server would never answer) and moves the state the way the server's
message says. The first violation is kept and re-raised when the app returns, so an app
that swallows the error still fails.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, NoReturn

from asgi_core.types import Message, Receive, Send

from ._errors import ConformanceError

__all__ = ["Monitor", "header_problem", "typed_problem"]

_NAME = re.compile(rb"[!#$%&'*+\-.^_`|~0-9a-z]+")
_VALUE = re.compile(rb"(?:[\x21-\x7e\x80-\xff]+(?:[ \t]+[\x21-\x7e\x80-\xff]+)*)?")
# The message types that need a scope extension, and its name.
_EXTENSIONS = {
    "http.response.debug": "http.response.debug",
    "http.response.trailers": "http.response.trailers",
    "http.response.pathsend": "http.response.pathsend",
    "http.response.zerocopysend": "http.response.zerocopysend",
    "websocket.http.response.start": "websocket.http.response",
    "websocket.http.response.body": "websocket.http.response",
}
Transitions = Mapping[str, Mapping[str, str]]


def _problem_in_pair(pair: Any) -> str | None:
    try:
        name, value = pair
    except (TypeError, ValueError):
        return f"a header must be a [name, value] pair, got {pair!r}"
    if not isinstance(name, bytes) or not isinstance(value, bytes):
        return f"header names and values must be bytes, got {pair!r}"
    if not _NAME.fullmatch(name):
        if _NAME.fullmatch(name.lower()):
            return f"header names must be lowercase, got {name!r}"
        return f"invalid header name {name!r} (an HTTP token is required)"
    if not _VALUE.fullmatch(value):
        return (f"invalid value for header {name!r}: {value!r} (CR, LF, NUL, other control "
                "characters and leading/trailing whitespace are not allowed)")
    return None


def header_problem(headers: Any) -> str | None:
    """What is wrong with an ASGI header list, or ``None`` when it is valid."""
    if isinstance(headers, (str, bytes, Mapping)):
        return f"headers must be an iterable of [name, value] pairs, got {type(headers).__name__}"
    try:
        pairs = list(headers)
    except TypeError:
        return f"headers must be an iterable of [name, value] pairs, got {headers!r}"
    for pair in pairs:
        problem = _problem_in_pair(pair)
        if problem is not None:
            return problem
    return None


def typed_problem(message: Message, key: str, kinds: tuple[type, ...], *,
                  required: bool = False, nullable: bool = False) -> str | None:
    """What is wrong with ``message[key]``'s type (bools are never ints), or ``None``."""
    if key not in message:
        return f"{message['type']!r} needs the key {key!r}" if required else None
    value = message[key]
    if value is None and nullable:
        return None
    if isinstance(value, kinds) and (bool in kinds or not isinstance(value, bool)):
        return None
    names = " or ".join(k.__name__ for k in kinds) + (" or None" if nullable else "")
    return f"{key!r} of {message['type']!r} must be {names}, got {value!r}"


class Monitor:
    """The checks every connection type shares; subclasses give the tables."""

    kind: ClassVar[str] = ""
    transitions: ClassVar[Transitions] = {}
    hints: ClassVar[Mapping[tuple[str, str], str]] = {}
    initial: ClassVar[str] = ""

    __slots__ = ("_receive", "_receiving", "_returned", "_send", "scope", "state", "violation",
                 "where")

    def __init__(self, scope: Mapping[str, Any], receive: Receive, send: Send) -> None:
        self.scope = scope
        self.state = self.initial
        self.violation: ConformanceError | None = None
        self._receive = receive
        self._send = send
        self._receiving = False
        self._returned = False
        self.where = self.describe(scope)

    @staticmethod
    def describe(scope: Mapping[str, Any]) -> str:
        return f"[{scope.get('type')}]"

    def fail(self, problem: str) -> NoReturn:
        error = ConformanceError(f"ASGI violation {self.where}: {problem}")
        if self.violation is None:
            self.violation = error
        raise error

    # -- receive -------------------------------------------------------------------------
    async def receive(self) -> Message:
        if self._returned:
            self.fail("receive() called after the app returned")
        if self._receiving:
            self.fail("receive() called while another receive() is still waiting")
        self.check_receive()
        self._receiving = True
        try:
            message = await self._receive()
        finally:
            self._receiving = False
        self.received(message)
        return message

    def check_receive(self) -> None:
        """Fail if no message can ever come now (the server would hang)."""

    def received(self, message: Message) -> None:
        """Track what the server said."""

    # -- send ----------------------------------------------------------------------------
    async def send(self, message: Message) -> None:
        if self._returned:
            self.fail("send() called after the app returned")
        if not isinstance(message, Mapping) or not isinstance(message.get("type"), str):
            self.fail(f"a message must be a dict with a 'type' string, got {message!r}")
        kind = message["type"]
        next_state = self.transitions.get(self.state, {}).get(kind)
        if next_state is None:
            self.fail(self._refusal(kind))
        self._check_extension(kind)
        validator = self.validators().get(kind)
        if validator is not None:
            validator(message)
        self.state = self.advance(kind, message, next_state)
        await self._send(message)

    def _refusal(self, kind: str) -> str:
        hint = self.hints.get((self.state, kind)) or self.hints.get((self.state, "*"))
        if hint is not None:
            return hint.format(kind=kind)
        known = {k for table in self.transitions.values() for k in table}
        allowed = sorted(self.transitions.get(self.state, {}))
        expected = ", ".join(repr(k) for k in allowed) or "nothing more"
        if kind not in known:
            return (f"Unexpected ASGI message {kind!r} in {self.kind} connection "
                    f"(expected {expected})")
        return f"expected {expected} in state {self.state!r}, got {kind!r}"

    def _check_extension(self, kind: str) -> None:
        extension = _EXTENSIONS.get(kind)
        if extension is None:
            return
        offered = self.scope.get("extensions") or {}
        if extension not in offered:
            self.fail(f"{kind!r} needs the {extension!r} extension, which the server did not "
                      "offer in scope['extensions']")

    def validators(self) -> Mapping[str, Callable[[Message], None]]:
        return {}

    def advance(self, kind: str, message: Message, next_state: str) -> str:
        return next_state

    def check(self, message: Message, key: str, kinds: tuple[type, ...], *,
              required: bool = False, nullable: bool = False) -> None:
        problem = typed_problem(message, key, kinds, required=required, nullable=nullable)
        if problem is not None:
            self.fail(problem)

    def check_headers(self, message: Message) -> None:
        problem = header_problem(message.get("headers", []))
        if problem is not None:
            self.fail(f"{message['type']!r}: {problem}")

    # -- the end -------------------------------------------------------------------------
    def returned(self, *, normally: bool) -> None:
        """The app's call ended; raise the kept violation, else check the ending."""
        self._returned = True
        if self.violation is not None:
            raise self.violation
        if normally:
            self.check_return()

    def check_return(self) -> None:
        """Fail if returning now leaves the connection in an invalid state."""
