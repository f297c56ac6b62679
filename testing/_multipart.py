"""``multipart/form-data`` encoding of ``data=`` fields and ``files=`` uploads.

Accepts httpx's ``files`` formats: a mapping or a list of ``(name, value)`` where ``value``
is a file-like object, ``bytes``/``str``, or a tuple ``(filename, content[, content_type[,
headers]])``. The boundary is random per body (and re-drawn in the unlikely case it occurs
in the content). Parameter values are written as RFC 2616 quoted strings (backslash and
quote escaped), CR/LF percent-encoded as browsers do, so any parser that unquotes quoted
strings (python-multipart does) gets the original name and filename back.
"""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Iterable, Mapping
from typing import IO, Any, Union

__all__ = ["FileContent", "FileTypes", "RequestFiles", "encode_multipart", "format_param"]

FileContent = Union[IO[bytes], IO[str], bytes, str]
FileTypes = Union[
    FileContent,
    tuple[Union[str, None], FileContent],
    tuple[Union[str, None], FileContent, Union[str, None]],
    tuple[Union[str, None], FileContent, Union[str, None], Mapping[str, str]],
]
RequestFiles = Union[Mapping[str, FileTypes], Iterable[tuple[str, FileTypes]]]

_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\r"): "%0D", ord("\n"): "%0A"}
_DEFAULT_TYPE = "application/octet-stream"


def format_param(name: str, value: str) -> bytes:
    """``; name="value"`` with the value quoted-string escaped."""
    return f'; {name}="{value.translate(_ESCAPES)}"'.encode()


def _to_bytes(value: Any) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode()
    if value is None:
        return b""
    if value is True or value is False:
        return b"true" if value else b"false"
    return str(value).encode()


def _read(content: FileContent) -> bytes:
    if isinstance(content, (bytes, str)):
        return _to_bytes(content)
    seek = getattr(content, "seek", None)
    if seek is not None:
        try:
            seek(0)
        except (OSError, ValueError):
            pass
    return _to_bytes(content.read())


def _split_file(value: FileTypes) -> tuple[str | None, bytes, str | None, Mapping[str, str]]:
    """``(filename, content, content_type, headers)`` from any accepted file value."""
    if isinstance(value, tuple):
        filename = value[0]
        content = _read(value[1])
        content_type = value[2] if len(value) > 2 else None
        headers: Mapping[str, str] = value[3] if len(value) > 3 else {}
        if content_type is None and filename:
            content_type = mimetypes.guess_type(filename)[0] or _DEFAULT_TYPE
        return filename, content, content_type, headers
    name = getattr(value, "name", None)
    filename = os.path.basename(name) if isinstance(name, str) and name else "upload"
    content_type = mimetypes.guess_type(filename)[0] or _DEFAULT_TYPE
    return filename, _read(value), content_type, {}


def _field_parts(data: Mapping[str, Any] | None) -> list[tuple[bytes, bytes]]:
    parts: list[tuple[bytes, bytes]] = []
    for name, value in (data or {}).items():
        values = value if isinstance(value, (list, tuple)) else [value]
        for item in values:
            head = b"Content-Disposition: form-data" + format_param("name", str(name))
            parts.append((head + b"\r\n", _to_bytes(item)))
    return parts


def _file_parts(files: RequestFiles | None) -> list[tuple[bytes, bytes]]:
    items = files.items() if isinstance(files, Mapping) else (files or [])
    parts: list[tuple[bytes, bytes]] = []
    for name, value in items:
        filename, content, content_type, headers = _split_file(value)
        head = b"Content-Disposition: form-data" + format_param("name", name)
        if filename is not None:
            head += format_param("filename", filename)
        head += b"\r\n"
        has_type = False
        for key, val in headers.items():
            has_type = has_type or key.lower() == "content-type"
            head += f"{key}: {val}\r\n".encode()
        if content_type is not None and not has_type:
            head += f"Content-Type: {content_type}\r\n".encode()
        parts.append((head, content))
    return parts


def _pick_boundary(parts: list[tuple[bytes, bytes]]) -> bytes:
    while True:
        boundary = os.urandom(16).hex().encode("ascii")
        if not any(boundary in content for _, content in parts):
            return boundary


def encode_multipart(
    data: Mapping[str, Any] | None,
    files: RequestFiles | None,
    boundary: bytes | None = None,
) -> tuple[bytes, str]:
    """The body and its ``Content-Type`` (with the boundary) for fields then files."""
    parts = _field_parts(data) + _file_parts(files)
    if boundary is None:
        boundary = _pick_boundary(parts)
    delimiter = b"--" + boundary + b"\r\n"
    chunks: list[bytes] = []
    for head, content in parts:
        chunks += [delimiter, head, b"\r\n", content, b"\r\n"]
    chunks.append(b"--" + boundary + b"--\r\n")
    return b"".join(chunks), "multipart/form-data; boundary=" + boundary.decode("ascii")
