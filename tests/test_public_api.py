"""The public surface promised by shared/API.md's import map: every module and name exists.

A FastAPI program is ported by rewriting its imports; each row of the map is checked here.
"""

import importlib

import pytest

FASTAPI_TOP_LEVEL = [
    "App", "APIRouter", "Depends", "Security", "Query", "Path", "Body", "Header", "Cookie",
    "Form", "File", "UploadFile", "Request", "Response", "WebSocket", "WebSocketDisconnect",
    "HTTPException", "WebSocketException", "BackgroundTasks", "status",
]

MODULES = {
    "framework.applications": ["App"],
    "framework.routing": [
        "APIRouter", "APIRoute", "APIWebSocketRoute", "Route", "WebSocketRoute", "Mount",
        "Host", "Router", "NoMatchFound", "compile_path",
    ],
    "framework.params": ["Query", "Path", "Body", "Header", "Cookie", "Form", "File", "Depends", "Security"],
    "framework.encoders": ["jsonable_encoder"],
    "framework.exceptions": [
        "FrameworkError", "HTTPException", "WebSocketException", "RequestValidationError",
        "WebSocketRequestValidationError", "ResponseValidationError",
    ],
    "framework.exception_handlers": [
        "http_exception_handler", "request_validation_exception_handler",
        "websocket_request_validation_exception_handler",
    ],
    "framework.responses": [
        "Response", "JSONResponse", "HTMLResponse", "PlainTextResponse", "RedirectResponse",
        "StreamingResponse", "FileResponse", "ORJSONResponse", "UJSONResponse",
    ],
    "framework.requests": ["Request", "HTTPConnection"],
    "framework.websockets": ["WebSocket", "WebSocketDisconnect", "WebSocketState"],
    "framework.background": ["BackgroundTasks"],
    "framework.concurrency": ["run_in_threadpool", "iterate_in_threadpool"],
    "framework.datastructures": ["UploadFile", "Default", "DefaultPlaceholder", "URL", "Headers", "QueryParams", "State"],
    "framework.staticfiles": ["StaticFiles"],
    "framework.templating": ["Jinja2Templates"],
    "framework.status": ["HTTP_200_OK", "HTTP_422_UNPROCESSABLE_ENTITY", "WS_1008_POLICY_VIOLATION"],
    "framework.middleware": ["Middleware"],
    "framework.middleware.cors": ["CORSMiddleware"],
    "framework.middleware.gzip": ["GZipMiddleware"],
    "framework.middleware.trustedhost": ["TrustedHostMiddleware"],
    "framework.middleware.httpsredirect": ["HTTPSRedirectMiddleware"],
    "framework.middleware.wsgi": ["WSGIMiddleware"],
    "framework.dependencies": ["Dependant", "get_dependant", "SecurityScopes"],
    "asgi_core.requests": ["Request", "HTTPConnection", "ClientDisconnect"],
    "asgi_core.responses": [
        "Response", "JSONResponse", "HTMLResponse", "PlainTextResponse", "RedirectResponse",
        "StreamingResponse", "FileResponse",
    ],
    "asgi_core.websockets": ["WebSocket", "WebSocketDisconnect", "WebSocketState", "WebSocketClose"],
    "asgi_core.datastructures": [
        "URL", "Headers", "MutableHeaders", "QueryParams", "FormData", "UploadFile", "Address",
        "State", "MultiDict", "ImmutableMultiDict",
    ],
    "asgi_core.background": ["BackgroundTask", "BackgroundTasks"],
    "asgi_core.concurrency": ["run_in_threadpool", "iterate_in_threadpool"],
    "asgi_core.exceptions": ["HTTPException", "WebSocketException"],
    "asgi_core.status": ["HTTP_404_NOT_FOUND"],
    "asgi_core.types": ["Scope", "Receive", "Send", "ASGIApp", "Message"],
    "asgi_core.formparsers": ["FormParser", "MultiPartParser", "MultiPartException"],
    "asgi_core.staticfiles": ["StaticFiles"],
    "asgi_core.templating": ["Jinja2Templates"],
    "asgi_core.convertors": ["Convertor", "register_url_convertor", "CONVERTOR_TYPES"],
    "openapi.models": ["OpenAPI", "Info", "Operation", "Components", "SecurityScheme"],
    "openapi.constants": ["REF_PREFIX", "METHODS_WITH_BODY"],
    "testing": ["TestClient"],
}


def test_framework_exports_fastapis_top_level_names() -> None:
    framework = importlib.import_module("framework")
    missing = [name for name in FASTAPI_TOP_LEVEL if not hasattr(framework, name)]
    assert missing == []
    assert sorted(framework.__all__) == sorted(FASTAPI_TOP_LEVEL)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_has_its_public_names(module: str) -> None:
    imported = importlib.import_module(module)
    missing = [name for name in MODULES[module] if not hasattr(imported, name)]
    assert missing == []
    exported = getattr(imported, "__all__", None)
    assert exported is not None, f"{module} has no __all__"
    assert [n for n in exported if not hasattr(imported, n)] == []


@pytest.mark.parametrize(
    "package", ["asgi_core", "framework", "openapi", "security", "testing"]
)
def test_no_starlette_fastapi_or_httpx_in_the_packages(package: str) -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / package
    offenders = []
    for path in root.rglob("*.py"):
        for line in path.read_text().splitlines():
            stripped = line.strip()
            for banned in ("starlette", "fastapi", "httpx"):
                if stripped.startswith((f"import {banned}", f"from {banned}")):
                    offenders.append(f"{path.name}: {stripped}")
    assert offenders == []
