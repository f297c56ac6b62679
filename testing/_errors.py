"""The errors a test client raises when the app, not the test, breaks the protocol.

``ProtocolError`` is what the exchange itself notices (no response started, a message the
connection cannot carry). ``ConformanceError`` is the conformance checker's finding: the
app broke the ASGI 3 spec; clients raise it even with ``raise_server_exceptions=False``,
because a spec violation is a bug to fix, never a 500 page to assert on.
"""

from __future__ import annotations

__all__ = ["ConformanceError", "ProtocolError"]


class ProtocolError(RuntimeError):
    """The app sent an ASGI message that breaks the HTTP protocol."""


class ConformanceError(ProtocolError):
    """The app broke the ASGI 3 specification (see ``testing.conformance``)."""
