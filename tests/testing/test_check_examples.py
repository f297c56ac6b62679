"""check_app over every example app and the showcase, on asyncio and trio.

Each ``examples/<section>/*.py`` (and nested package) module exposing an ``app`` with an
OpenAPI document is checked with a small hypothesis budget. Modules that cannot run here
are skipped with the reason; operations where check_app finds a genuine contract break in
the example (the seed's code, kept as the guide writes it) are excluded one by one, each
with the reason, so any new break anywhere else fails the suite.
"""

from __future__ import annotations

import importlib
import warnings
from pathlib import Path

import pytest

from testing.check import check_app
from testing.strategies import operations


@pytest.fixture(autouse=True)
def _scratch_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run each example in a scratch directory: some write files where they run (the seed's
    shutdown handler appends to ``log.txt``)."""
    monkeypatch.chdir(tmp_path)

ROOT = Path(__file__).resolve().parents[2]
BACKENDS = ["asyncio", "trio"]

SKIPPED = {
    "examples.custom_response.file_direct": "serves large-video-file.mp4, not in the repo",
    "examples.custom_response.file_response_class": "serves large-video-file.mp4, not in the repo",
    "examples.custom_response.streaming_file": "streams large-video-file.mp4, not in the repo",
    "examples.templates.main": "mounts StaticFiles('static') relative to the working directory",
    "examples.streaming.sse_app": "an endless event stream: a request never completes",
}
for _name in ("app01.config", "app01.main", "app02.main", "app03.main", "basic",
              "pydantic_settings_basic", "pydantic_settings_dotenv"):
    SKIPPED[f"examples.settings_and_environment_variables.{_name}"] = (
        "needs ADMIN_EMAIL in the environment or a .env file")

_UNDECLARED_201 = "answers 201 on create, declared only 200 (the seed's extra status code)"
_KEYERROR = "items[item_id] raises KeyError (500) for an unknown id, as the seed writes it"
_OVERRIDE = "dependency_overrides installed at import ignore the declared query parameters"
_HOST = "TrustedHostMiddleware answers 400 to the TestClient's Host 'testserver', by design"
EXCLUDED = {
    "examples.advanced_middleware.trusted_host": {"GET /": _HOST},
    "examples.advanced_middleware.middleware_list": {"GET /": _HOST, "GET /report": _HOST},
    "examples.additional_status_codes.upsert": {"PUT /items/{item_id}": _UNDECLARED_201},
    "examples.additional_status_codes.upsert_an": {"PUT /items/{item_id}": _UNDECLARED_201},
    "examples.custom_response.custom_indented_json": {
        "GET /": "a Response subclass (not JSONResponse) is documented as {'type': 'string'}"
                 " as FastAPI does, but renders a JSON object"},
    "examples.custom_response.custom_orjson": {
        "GET /": "a Response subclass (not JSONResponse) is documented as {'type': 'string'}"
                 " as FastAPI does, but renders a JSON object"},
    "examples.lifespan_events.startup_event": {"GET /items/{item_id}": _KEYERROR},
    "examples.testing_events.lifespan_items": {"GET /items/{item_id}": _KEYERROR},
    "examples.testing_events.startup_items": {"GET /items/{item_id}": _KEYERROR},
    "examples.oauth2_scopes.main": {
        "POST /token": "answers 400 for a wrong username/password, declares only 200/422"},
    "examples.oauth2_scopes.main_an": {
        "POST /token": "answers 400 for a wrong username/password, declares only 200/422"},
    "examples.path_operation_advanced_configuration.custom_request_body": {
        "POST /items/": "openapi_extra declares a required body the endpoint never checks"},
    "examples.path_operation_advanced_configuration.yaml_request_body": {
        "POST /items/": "openapi_extra declares a YAML body; undeclared 400 on bad YAML"},
    "examples.response_change_status_code.get_or_create_task": {
        "PUT /get-or-create-task/{task_id}": _UNDECLARED_201},
    "examples.response_change_status_code.in_dependency_an": {
        "GET /last-wins/": "dependencies set 201/202 on the Response parameter; declares 200"},
    "examples.return_a_response_directly.model_ignored": {
        "GET /direct/": "a JSONResponse(status_code=202) returned directly; declares 200"},
    "examples.testing_dependencies_with_overrides.main": {
        "GET /items/": _OVERRIDE, "GET /users/": _OVERRIDE},
    "examples.testing_dependencies_with_overrides.main_an": {
        "GET /items/": _OVERRIDE, "GET /users/": _OVERRIDE},
    "examples.testing_dependencies_with_overrides.everywhere_an": {
        "GET /me": "a bad X-Token answers HTTPException(400), not declared",
        "GET /audit": "a bad X-Token answers HTTPException(400), not declared",
        "GET /admin/stats": "a bad X-Token answers HTTPException(400), not declared"},
    "examples.showcase": {
        "PUT /status/items/{item_id}": _UNDECLARED_201,
        "PUT /status/tasks/{task_id}": _UNDECLARED_201,
    },
}


def _modules() -> list[str]:
    found = []
    for path in sorted((ROOT / "examples").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if path.name == "__init__.py" or path.name.startswith("test_") or "showcase" in parts:
            continue
        found.append(".".join(parts))
    return [*found, "examples.showcase"]


MODULES = _modules()


def _import(module: str):
    with warnings.catch_warnings():  # the on_event examples warn, as FastAPI's do
        warnings.simplefilter("ignore", DeprecationWarning)
        return importlib.import_module(module)


def _app(module: str):
    if module in SKIPPED:
        pytest.skip(SKIPPED[module])
    app = getattr(_import(module), "app", None)
    if app is None or not hasattr(app, "openapi"):
        pytest.skip("no ASGI `app` with an OpenAPI document (a helper module)")
    return app


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("module", MODULES)
def test_check_app_passes_on_every_example(module, backend):
    app = _app(module)
    excluded = EXCLUDED.get(module, {})
    checked = [str(op) for op in operations(app) if str(op) not in excluded]
    if not checked:
        assert not operations(app) or excluded, module
        pytest.skip("no HTTP operation to check (websocket-only, or every one excluded)")
    budget = 10 if module == "examples.showcase" else 5
    check_app(app, max_examples=budget, only=checked, backend=backend)


def test_every_exclusion_names_an_operation_that_exists():
    for module, excluded in EXCLUDED.items():
        if module in SKIPPED:
            continue
        known = {str(op) for op in operations(_import(module).app)}
        assert set(excluded) <= known, (module, set(excluded) - known)


def test_discovery_finds_the_sections():
    sections = {m.split(".")[1] for m in MODULES}
    assert {"custom_response", "security_tools", "websockets", "showcase"} <= sections
    assert len(MODULES) > 60
