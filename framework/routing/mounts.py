"""Routes that delegate to another app: ``Mount`` (by path prefix) and ``Host`` (by the
``Host`` header).

A mounted app sees ``root_path`` extended by the matched prefix and the full path still in
``scope["path"]`` (modern Starlette's convention, read back with ``get_route_path``).
``url_path_for("mount:child", ...)`` walks into the mounted routes; ``url_path_for("mount",
path=...)`` builds a URL inside the mount.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from asgi_core.datastructures import URLPath
from asgi_core.types import ASGIApp, Receive, Scope, Send
from framework.routing.base import BaseRoute, Match, NoMatchFound
from framework.routing.compiling import compile_path, get_route_path, replace_params
from framework.routing.routes import wrap_middleware

__all__ = ["Host", "Mount"]


def _host_without_port(scope: Scope) -> str:
    for key, value in scope.get("headers", ()):
        if key == b"host":
            host: str = value.decode("latin-1")
            return host.split(":")[0]
    return ""


class Mount(BaseRoute):
    """Send every path under ``path`` to ``app`` (or to a ``Router(routes)``)."""

    def __init__(
        self,
        path: str,
        app: ASGIApp | None = None,
        routes: Sequence[BaseRoute] | None = None,
        name: str | None = None,
        *,
        middleware: Sequence[Any] | None = None,
    ) -> None:
        if path != "" and not path.startswith("/"):
            raise ValueError(f"Routed paths must start with '/': mount path {path!r}")
        if app is None and routes is None:
            raise ValueError(
                f"Either 'app=...', or 'routes=' must be specified: mount path {path!r}"
            )
        self.path = path.rstrip("/")
        if app is not None:
            self._base_app: ASGIApp = app
        else:
            from framework.routing.router import Router

            self._base_app = Router(routes=routes)
        self.app = wrap_middleware(self._base_app, middleware)
        self.name = name
        self.path_regex, self.path_format, self.param_convertors = compile_path(
            self.path + "/{path:path}"
        )

    @property
    def routes(self) -> list[BaseRoute]:
        return getattr(self._base_app, "routes", [])

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] not in ("http", "websocket"):
            return Match.NONE, {}
        route_path = get_route_path(scope)
        found = self.path_regex.match(route_path)
        if found is None:
            return Match.NONE, {}
        params = found.groupdict()
        for key, value in params.items():
            params[key] = self.param_convertors[key].convert(value)
        remaining_path = "/" + params.pop("path")
        matched_path = route_path[: -len(remaining_path)]
        path_params = dict(scope.get("path_params", ()))
        path_params.update(params)
        root_path = scope.get("root_path", "")
        return Match.FULL, {
            "path_params": path_params,
            "app_root_path": scope.get("app_root_path", root_path),
            "root_path": root_path + matched_path,
            "endpoint": self.app,
        }

    def url_path_for(self, name: str, /, **path_params: Any) -> Any:
        if self.name is not None and name == self.name and "path" in path_params:
            # "<mount name>" with path=...: a URL inside the mount.
            path_params["path"] = str(path_params["path"]).lstrip("/")
            path, remaining = replace_params(self.path_format, self.param_convertors, path_params)
            if not remaining:
                return URLPath(path=path)
        elif self.name is None or name.startswith(self.name + ":"):
            # "<mount name>:<child name>" (or any child name under an unnamed mount).
            child_name = name if self.name is None else name[len(self.name) + 1 :]
            path_kwarg = path_params.get("path")
            prefix, remaining = replace_params(
                self.path_format, self.param_convertors, {**path_params, "path": ""}
            )
            if path_kwarg is not None:
                remaining["path"] = path_kwarg
            for route in self.routes or []:
                try:
                    url = route.url_path_for(child_name, **remaining)
                except NoMatchFound:
                    continue
                return URLPath(path=prefix.rstrip("/") + str(url), protocol=url.protocol)
        raise NoMatchFound(name, path_params)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mount) and self.path == other.path and self.app == other.app

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        name = self.name or ""
        return f"{type(self).__name__}(path={self.path!r}, name={name!r}, app={self.app!r})"


class Host(BaseRoute):
    """Send requests whose ``Host`` header (port aside) matches ``host`` to ``app``."""

    def __init__(self, host: str, app: ASGIApp, name: str | None = None) -> None:
        if host.startswith("/"):
            raise ValueError(f"Host must not start with '/': host {host!r}")
        self.host = host
        self.app = app
        self.name = name
        self.host_regex, self.host_format, self.param_convertors = compile_path(host)

    @property
    def routes(self) -> list[BaseRoute]:
        return getattr(self.app, "routes", [])

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] not in ("http", "websocket"):
            return Match.NONE, {}
        found = self.host_regex.match(_host_without_port(scope))
        if found is None:
            return Match.NONE, {}
        params = found.groupdict()
        for key, value in params.items():
            params[key] = self.param_convertors[key].convert(value)
        path_params = dict(scope.get("path_params", ()))
        path_params.update(params)
        return Match.FULL, {"path_params": path_params, "endpoint": self.app}

    def url_path_for(self, name: str, /, **path_params: Any) -> Any:
        if self.name is not None and name == self.name and "path" in path_params:
            # "<host name>" with path=...: a URL on this host.
            path = path_params.pop("path")
            host, remaining = replace_params(self.host_format, self.param_convertors, path_params)
            if not remaining:
                return URLPath(path=path, host=host)
        elif self.name is None or name.startswith(self.name + ":"):
            child_name = name if self.name is None else name[len(self.name) + 1 :]
            host, remaining = replace_params(self.host_format, self.param_convertors, path_params)
            for route in self.routes or []:
                try:
                    url = route.url_path_for(child_name, **remaining)
                except NoMatchFound:
                    continue
                return URLPath(path=str(url), protocol=url.protocol, host=host)
        raise NoMatchFound(name, path_params)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Host) and self.host == other.host and self.app == other.app

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        name = self.name or ""
        return f"{type(self).__name__}(host={self.host!r}, name={name!r}, app={self.app!r})"
