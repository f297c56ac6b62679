"""Keel's framework layer: FastAPI's API (``App`` for ``FastAPI``) on asgi_core.

``from framework import App, APIRouter, Depends, Query, ...`` gives the names a FastAPI
program imports from ``fastapi``.
"""

from __future__ import annotations

from asgi_core import status
from framework.applications import App
from framework.background import BackgroundTasks
from framework.datastructures import UploadFile
from framework.exceptions import HTTPException, WebSocketException
from framework.param_functions import (
    Body,
    Cookie,
    Depends,
    File,
    Form,
    Header,
    Path,
    Query,
    Security,
)
from framework.requests import Request
from framework.responses import Response
from framework.routing.api_router import APIRouter
from framework.websockets import WebSocket, WebSocketDisconnect

__all__ = [
    "APIRouter",
    "App",
    "BackgroundTasks",
    "Body",
    "Cookie",
    "Depends",
    "File",
    "Form",
    "HTTPException",
    "Header",
    "Path",
    "Query",
    "Request",
    "Response",
    "Security",
    "UploadFile",
    "WebSocket",
    "WebSocketDisconnect",
    "WebSocketException",
    "status",
]
