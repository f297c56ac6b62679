"""``StaticFiles``: an ASGI app serving files from directories (Starlette's API).

Traversal-proof by construction (HARDENING, CVE-2023-29159, CVE-2026-48818). A request path
is looked up in two steps, and a file is only ever opened when both pass:

1. *Lexically*: a path holding NUL or a backslash, an absolute or drive path, or one that
   normalises to ``..`` (or below) is refused before the filesystem is touched.
2. *Physically*, per directory: ``realpath`` of the candidate (``abspath`` with
   ``follow_symlink=True``) must have the directory's own ``realpath`` as its
   ``os.path.commonpath``. A sibling sharing a prefix (``/static`` vs ``/static-secret``)
   fails that comparison, which works on path components, never on string prefixes; so
   does a symlink pointing out of the directory.

Misses are ``HTTPException(404)`` (``html=True``: the directory's ``404.html``), methods
other than GET/HEAD ``HTTPException(405)`` with ``Allow``, as Starlette raises them for the
app's exception handlers. A file whose validators match the request gets 304.
"""

from __future__ import annotations

import errno
import importlib.util
import os
import stat
from typing import Union

from asgi_core._conditional import NOT_MODIFIED_HEADERS
from asgi_core._conditional import is_not_modified as _validators_match
from asgi_core._threadpool import run_sync
from asgi_core.datastructures import URL, Headers
from asgi_core.exceptions import HTTPException
from asgi_core.responses import FileResponse, RedirectResponse, Response
from asgi_core.types import Receive, Scope, Send
from asgi_core.websockets import WebSocketClose

__all__ = ["NotModifiedResponse", "PathLike", "StaticFiles"]

PathLike = Union[str, "os.PathLike[str]"]

_METHODS = ("GET", "HEAD")
_NOT_FOUND_ERRORS = (FileNotFoundError, NotADirectoryError)


class NotModifiedResponse(Response):
    """A 304 carrying only the headers a 304 repeats (ETag, Cache-Control, Vary, ...)."""

    def __init__(self, headers: Headers) -> None:
        kept = {
            name: value
            for name, value in headers.items()
            if name.encode("latin-1") in NOT_MODIFIED_HEADERS
        }
        super().__init__(status_code=304, headers=kept)


def _route_path(scope: Scope) -> str:
    """``scope["path"]`` below ``root_path`` (when it ends on a segment boundary)."""
    path: str = scope["path"]
    root_path: str = scope.get("root_path", "")
    if not root_path or not path.startswith(root_path):
        return path
    if len(path) == len(root_path):
        return ""
    if path[len(root_path)] == "/":
        return path[len(root_path) :]
    return path


def _lexically_outside(path: str) -> bool:
    """Whether ``path`` could name anything outside the directory, by its text alone."""
    if "\x00" in path or "\\" in path:
        return True
    normalized = os.path.normpath(path)
    if os.path.isabs(normalized) or os.path.splitdrive(normalized)[0]:
        return True
    return normalized == os.pardir or normalized.startswith(os.pardir + os.sep)


class StaticFiles:
    """Serve ``directory`` and/or the ``statics`` directories of ``packages``."""

    def __init__(
        self,
        *,
        directory: PathLike | None = None,
        packages: list[str | tuple[str, str]] | None = None,
        html: bool = False,
        check_dir: bool = True,
        follow_symlink: bool = False,
    ) -> None:
        self.directory = directory
        self.packages = packages
        self.all_directories = self.get_directories(directory, packages)
        self.html = html
        self.config_checked = False
        self.follow_symlink = follow_symlink
        if check_dir and directory is not None and not os.path.isdir(directory):
            raise RuntimeError(f"Directory '{directory}' does not exist")

    def get_directories(
        self,
        directory: PathLike | None = None,
        packages: list[str | tuple[str, str]] | None = None,
    ) -> list[PathLike]:
        """``directory`` then, for each package, its ``statics`` (or named) directory."""
        directories: list[PathLike] = []
        if directory is not None:
            directories.append(directory)
        for package in packages or []:
            name, statics = package if isinstance(package, tuple) else (package, "statics")
            spec = importlib.util.find_spec(name)
            if spec is None or spec.origin is None:
                raise AssertionError(f"Package {name!r} could not be found.")
            package_directory = os.path.normpath(os.path.join(spec.origin, "..", statics))
            if not os.path.isdir(package_directory):
                raise AssertionError(
                    f"Directory {statics!r} in package {name!r} could not be found."
                )
            directories.append(package_directory)
        return directories

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await WebSocketClose()(scope, receive, send)
            return
        if scope["type"] != "http":
            raise AssertionError(f"expected an 'http' scope, got {scope['type']!r}")
        if not self.config_checked:
            await self.check_config()
            self.config_checked = True
        path = self.get_path(scope)
        response = await self.get_response(path, scope)
        await response(scope, receive, send)

    def get_path(self, scope: Scope) -> str:
        """The route path as a normalised relative filesystem path (``"."`` for the root)."""
        segments = [segment for segment in _route_path(scope).split("/") if segment]
        if not segments:
            return "."
        return os.path.normpath(os.path.join(*segments))

    async def get_response(self, path: str, scope: Scope) -> Response:
        """The response for ``path``: a file, an index redirect/file, 404.html, or raise."""
        if scope["method"] not in _METHODS:
            raise HTTPException(status_code=405, headers={"Allow": "GET, HEAD"})
        full_path, stat_result = await self._lookup(path)
        if stat_result is not None:
            if stat.S_ISREG(stat_result.st_mode):
                return self.file_response(full_path, stat_result, scope)
            if stat.S_ISDIR(stat_result.st_mode) and self.html:
                index = await self._index_response(path, scope)
                if index is not None:
                    return index
        if self.html:
            full_path, stat_result = await self._lookup("404.html")
            if stat_result is not None and stat.S_ISREG(stat_result.st_mode):
                return FileResponse(full_path, stat_result=stat_result, status_code=404)
        raise HTTPException(status_code=404)

    async def _lookup(self, path: str) -> tuple[str, os.stat_result | None]:
        try:
            return await run_sync(self.lookup_path, path)
        except PermissionError:
            raise HTTPException(status_code=401) from None
        except OSError as exc:
            if exc.errno == errno.ENAMETOOLONG:
                raise HTTPException(status_code=404) from None
            raise

    async def _index_response(self, path: str, scope: Scope) -> Response | None:
        full_path, stat_result = await self._lookup(os.path.join(path, "index.html"))
        if stat_result is None or not stat.S_ISREG(stat_result.st_mode):
            return None
        if not scope["path"].endswith("/"):
            # A directory's index is served at ``dir/`` so its relative links resolve.
            url = URL(scope=scope)
            return RedirectResponse(url=url.replace(path=url.path + "/"))
        return self.file_response(full_path, stat_result, scope)

    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        """``(full path, stat)`` of ``path`` in the first directory having it, else
        ``("", None)``; never stats anything outside the directories."""
        if _lexically_outside(path):
            return "", None
        for directory in self.all_directories:
            found = self._lookup_in(os.fspath(directory), path)
            if found is not None:
                return found
        return "", None

    def _lookup_in(self, directory: str, path: str) -> tuple[str, os.stat_result] | None:
        joined = os.path.join(directory, path)
        if self.follow_symlink:
            root, full_path = os.path.abspath(directory), os.path.abspath(joined)
        else:
            root, full_path = os.path.realpath(directory), os.path.realpath(joined)
        if os.path.commonpath([full_path, root]) != root:
            return None
        try:
            return full_path, os.stat(full_path)
        except _NOT_FOUND_ERRORS:
            return None

    def file_response(
        self,
        full_path: PathLike,
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = FileResponse(full_path, status_code=status_code, stat_result=stat_result)
        if self.is_not_modified(response.headers, Headers(scope=scope)):
            return NotModifiedResponse(response.headers)
        return response

    async def check_config(self) -> None:
        """Raise ``RuntimeError`` when ``directory`` is missing or not a directory."""
        if self.directory is None:
            return
        try:
            stat_result = await run_sync(os.stat, self.directory)
        except FileNotFoundError:
            raise RuntimeError(
                f"StaticFiles directory '{self.directory}' does not exist."
            ) from None
        if not (stat.S_ISDIR(stat_result.st_mode) or stat.S_ISLNK(stat_result.st_mode)):
            raise RuntimeError(f"StaticFiles path '{self.directory}' is not a directory.")

    def is_not_modified(self, response_headers: Headers, request_headers: Headers) -> bool:
        """Whether the request's If-None-Match / If-Modified-Since make this a 304."""
        return _validators_match(
            request_headers.get("if-none-match"),
            request_headers.get("if-modified-since"),
            response_headers.get("etag"),
            response_headers.get("last-modified"),
        )
