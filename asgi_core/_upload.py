"""``UploadFile`` and ``FormData``: uploaded files with async I/O that never blocks the loop.

While an upload still lives in memory (a ``SpooledTemporaryFile`` under its threshold, or a
``BytesIO``), reads and writes are plain calls: they cannot block. Once it has rolled to
disk, or would roll with this write, or is any other file object, each call runs in a
worker thread, through the same hop as ``run_in_threadpool`` (HARDENING: CVE-2025-54121, a
disk write on the event loop stalls every other request).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import IO, BinaryIO, Union, cast

from asgi_core._headers import Headers
from asgi_core._multidict import ImmutableMultiDict
from asgi_core._threadpool import run_sync

__all__ = ["FormData", "UploadFile"]


class UploadFile:
    """A file received in a multipart form (or built by hand) with async methods."""

    __slots__ = ("file", "filename", "headers", "size")

    def __init__(
        self,
        file: BinaryIO | IO[bytes],
        *,
        size: int | None = None,
        filename: str | None = None,
        headers: Headers | None = None,
    ) -> None:
        self.file: BinaryIO = cast(BinaryIO, file)
        self.size = size
        self.filename = filename
        self.headers = headers if headers is not None else Headers()

    @property
    def content_type(self) -> str | None:
        value: str | None = self.headers.get("content-type", None)
        return value

    @property
    def _in_memory(self) -> bool:
        """True while every operation on the file is a memory operation."""
        file = self.file
        if isinstance(file, io.BytesIO):
            return True
        rolled = getattr(file, "_rolled", None)
        return rolled is False

    def _will_roll(self, size_to_add: int) -> bool:
        """True when writing ``size_to_add`` more bytes moves (or has moved) the file to disk."""
        if not self._in_memory:
            return True
        if isinstance(self.file, io.BytesIO):
            return False
        max_size = getattr(self.file, "_max_size", 0)
        return bool(max_size) and self.file.tell() + size_to_add > max_size

    async def write(self, data: bytes) -> None:
        if self.size is not None:
            self.size += len(data)
        if self._will_roll(len(data)):
            await run_sync(self.file.write, data)
        else:
            self.file.write(data)

    async def read(self, size: int = -1) -> bytes:
        if self._in_memory:
            return self.file.read(size)
        return await run_sync(self.file.read, size)

    async def seek(self, offset: int) -> None:
        if self._in_memory:
            self.file.seek(offset)
        else:
            await run_sync(self.file.seek, offset)

    async def close(self) -> None:
        if self._in_memory:
            self.file.close()
        else:
            await run_sync(self.file.close)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(filename={self.filename!r}, size={self.size!r}, "
            f"headers={self.headers!r})"
        )


class FormData(ImmutableMultiDict[str, Union[UploadFile, str]]):
    """A parsed form: field names to strings or ``UploadFile``s; ``close()`` closes the files."""

    __slots__ = ()

    def __init__(
        self,
        *args: FormData | Mapping[str, str | UploadFile] | list[tuple[str, str | UploadFile]],
        **kwargs: str | UploadFile,
    ) -> None:
        super().__init__(*args, **kwargs)

    async def close(self) -> None:
        for _, value in self._list:
            if isinstance(value, UploadFile):
                await value.close()
