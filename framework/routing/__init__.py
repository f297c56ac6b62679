"""Keel's routing (``starlette.routing``'s API): paths, routes, mounts, hosts, the router.

Split by concept: ``compiling`` (path templates -> regexes), ``base`` (the route protocol),
``routes`` (``Route``, ``WebSocketRoute``), ``mounts`` (``Mount``, ``Host``), ``index``
(the dispatch index), ``routelist`` (the list that invalidates it), ``lifespan`` and
``router``. This module only re-exports.
"""

from __future__ import annotations

from framework.routing.api_route import APIRoute, APIWebSocketRoute
from framework.routing.api_router import APIRouter
from framework.routing.base import BaseRoute, Match, NoMatchFound, get_name, is_async_callable
from framework.routing.compiling import PARAM_REGEX, compile_path, get_route_path, replace_params
from framework.routing.mounts import Host, Mount
from framework.routing.router import Router
from framework.routing.routes import Route, WebSocketRoute, request_response, websocket_session

__all__ = [
    "APIRoute",
    "APIRouter",
    "APIWebSocketRoute",
    "PARAM_REGEX",
    "BaseRoute",
    "Host",
    "Match",
    "Mount",
    "NoMatchFound",
    "Route",
    "Router",
    "WebSocketRoute",
    "compile_path",
    "get_name",
    "get_route_path",
    "is_async_callable",
    "replace_params",
    "request_response",
    "websocket_session",
]
