"""The docs pages: Swagger UI, ReDoc and the OAuth2 redirect, as functions and as routes.

The pages' HTML is Keel's own; what must match FastAPI is what the page loads (the CDN
URLs, Swagger UI's default parameters) and where it points (the schema URL and the OAuth2
redirect URL, both following ``root_path`` and mounts, never doubled).
"""

from __future__ import annotations

from typing import Any

import pytest

from framework import App
from openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
    swagger_ui_default_parameters,
)
from testing import TestClient

HTML = "text/html; charset=utf-8"
DEFAULTS = (
    '"dom_id": "#swagger-ui", "layout": "BaseLayout", "deepLinking": true, '
    '"showExtensions": true, "showCommonExtensions": true'
)


def swagger(
    url: str,
    title: str = "FastAPI - Swagger UI",
    options: str = DEFAULTS,
    redirect: str | None = "/docs/oauth2-redirect",
    init_oauth: str | None = None,
) -> str:
    lines = [f'  const options = {{"url": "{url}", {options}}};']
    if redirect is not None:
        lines.append(f'  options.oauth2RedirectUrl = window.location.origin + "{redirect}";')
    lines.append(
        "  options.presets = [SwaggerUIBundle.presets.apis, "
        "SwaggerUIBundle.SwaggerUIStandalonePreset];"
    )
    lines.append("  const ui = SwaggerUIBundle(options);")
    if init_oauth is not None:
        lines.append(f"  ui.initOAuth({init_oauth});")
    script = "\n".join(lines)
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
        '<link type="text/css" rel="stylesheet" '
        'href="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css">\n'
        '<link rel="shortcut icon" href="https://fastapi.tiangolo.com/img/favicon.png">\n'
        f"<title>{title}</title>\n</head>\n<body>\n<div id=\"swagger-ui\"></div>\n"
        '<script src="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js">'
        f"</script>\n<script>\n{script}\n</script>\n</body>\n</html>\n"
    )


def redoc(url: str, title: str = "FastAPI - ReDoc", fonts: bool = True) -> str:
    font_link = (
        '<link href="https://fonts.googleapis.com/css?family=Montserrat:300,400,700|'
        'Roboto:300,400,700" rel="stylesheet">\n'
        if fonts
        else ""
    )
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n{font_link}"
        '<link rel="shortcut icon" href="https://fastapi.tiangolo.com/img/favicon.png">\n'
        "<style>body { margin: 0; padding: 0; }</style>\n</head>\n<body>\n"
        "<noscript>ReDoc needs JavaScript to show this API's documentation.</noscript>\n"
        f'<redoc spec-url="{url}"></redoc>\n'
        '<script src="https://cdn.jsdelivr.net/npm/redoc@2/bundles/redoc.standalone.js">'
        "</script>\n</body>\n</html>\n"
    )


def html_headers(body: str) -> dict[str, str]:
    return {"content-length": str(len(body.encode())), "content-type": HTML}


def get(app: Any, path: str, backend: str, **client_options: Any) -> tuple[int, dict[str, str], str]:
    with TestClient(app, backend=backend, **client_options) as client:  # type: ignore[arg-type]
        response = client.get(path)
    return response.status_code, dict(response.headers), response.text


# -- the functions ------------------------------------------------------------------------


def test_swagger_ui_default_parameters_are_fastapis() -> None:
    assert swagger_ui_default_parameters == {
        "dom_id": "#swagger-ui",
        "layout": "BaseLayout",
        "deepLinking": True,
        "showExtensions": True,
        "showCommonExtensions": True,
    }


def test_get_swagger_ui_html_defaults() -> None:
    response = get_swagger_ui_html(openapi_url="/openapi.json", title="FastAPI - Swagger UI")
    assert response.status_code == 200
    assert response.media_type == "text/html"
    assert response.body.decode() == swagger("/openapi.json", redirect=None)


def test_get_swagger_ui_html_every_option() -> None:
    response = get_swagger_ui_html(
        openapi_url="/api/openapi.json",
        title="My API",
        swagger_js_url="https://cdn.example.com/ui.js",
        swagger_css_url="https://cdn.example.com/ui.css",
        swagger_favicon_url="https://cdn.example.com/icon.png",
        oauth2_redirect_url="/api/docs/oauth2-redirect",
        init_oauth={"clientId": "app", "usePkceWithAuthorizationCodeGrant": True},
        swagger_ui_parameters={"deepLinking": False, "syntaxHighlight": {"theme": "obsidian"}},
    )
    expected = (
        swagger(
            "/api/openapi.json",
            title="My API",
            options=DEFAULTS.replace('"deepLinking": true', '"deepLinking": false')
            + ', "syntaxHighlight": {"theme": "obsidian"}',
            redirect="/api/docs/oauth2-redirect",
            init_oauth='{"clientId": "app", "usePkceWithAuthorizationCodeGrant": true}',
        )
        .replace("https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js",
                 "https://cdn.example.com/ui.js")
        .replace("https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css",
                 "https://cdn.example.com/ui.css")
        .replace("https://fastapi.tiangolo.com/img/favicon.png", "https://cdn.example.com/icon.png")
    )
    assert response.body.decode() == expected


def test_swagger_page_cannot_be_broken_out_of() -> None:
    """A title or parameter holding markup stays text: no early ``</script>``, no new tags."""
    response = get_swagger_ui_html(
        openapi_url="/openapi.json?a=1&b=</script><script>alert(1)</script>",
        title="</title><script>alert(1)</script>",
        swagger_ui_parameters={"x": "</script>"},
    )
    page = response.body.decode()
    assert page.count("<script") == 2
    assert page.count("</script>") == 2
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page
    assert (
        '"url": "/openapi.json?a=1\\u0026b=\\u003c/script\\u003e\\u003cscript\\u003ealert(1)'
        '\\u003c/script\\u003e"' in page
    )
    assert '"x": "\\u003c/script\\u003e"' in page


def test_get_redoc_html() -> None:
    response = get_redoc_html(openapi_url="/openapi.json", title="FastAPI - ReDoc")
    assert response.body.decode() == redoc("/openapi.json")
    plain = get_redoc_html(
        openapi_url="/o.json", title='A "quoted" <title>', redoc_js_url="https://x/r.js",
        redoc_favicon_url="https://x/f.png", with_google_fonts=False,
    )
    assert plain.body.decode() == (
        redoc("/o.json", title="A &quot;quoted&quot; &lt;title&gt;", fonts=False)
        .replace("https://cdn.jsdelivr.net/npm/redoc@2/bundles/redoc.standalone.js",
                 "https://x/r.js")
        .replace("https://fastapi.tiangolo.com/img/favicon.png", "https://x/f.png")
    )


def test_oauth2_redirect_page_hands_the_parameters_back_to_swagger_ui() -> None:
    response = get_swagger_ui_oauth2_redirect_html()
    page = response.body.decode()
    assert response.media_type == "text/html"
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en-US\">\n<head>\n")
    assert "<title>Swagger UI: OAuth2 Redirect</title>" in page
    # Swagger UI's contract: the opener exposes swaggerUIRedirectOauth2 with these hooks.
    for needle in (
        "window.opener.swaggerUIRedirectOauth2",
        "oauth2.callback({auth: oauth2.auth, token: params, isValid: isValid,",
        "oauth2.errCb(",
        "params.state === oauth2.state",
        'flow === "authorization_code"',
        "window.close();",
    ):
        assert needle in page
    assert page.endswith("</script>\n</body>\n</html>\n")


# -- the routes ---------------------------------------------------------------------------


def test_docs_routes(anyio_backend: str) -> None:
    app = App()
    status, headers, body = get(app, "/docs", anyio_backend)
    assert (status, headers, body) == (200, html_headers(body), swagger("/openapi.json"))
    status, headers, body = get(app, "/redoc", anyio_backend)
    assert (status, headers, body) == (200, html_headers(body), redoc("/openapi.json"))
    status, headers, body = get(app, "/docs/oauth2-redirect", anyio_backend)
    page = get_swagger_ui_oauth2_redirect_html().body.decode()
    assert (status, headers, body) == (200, html_headers(page), page)
    status, headers, body = get(app, "/openapi.json", anyio_backend)
    assert status == 200
    assert body == '{"openapi":"3.1.0","info":{"title":"FastAPI","version":"0.1.0"},"paths":{}}'
    assert headers == {"content-length": str(len(body)), "content-type": "application/json"}


def test_docs_routes_are_not_in_the_schema() -> None:
    app = App()
    assert [r.path for r in app.routes] == [
        "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"
    ]
    assert all(r.include_in_schema is False for r in app.routes)
    assert app.openapi()["paths"] == {}


def test_app_options_reach_the_pages(anyio_backend: str) -> None:
    app = App(
        title="Shop",
        openapi_url="/api/v1/openapi.json",
        docs_url="/documentation",
        redoc_url="/reference",
        swagger_ui_oauth2_redirect_url="/documentation/callback",
        swagger_ui_init_oauth={"clientId": "shop"},
        swagger_ui_parameters={"syntaxHighlight": False},
    )
    _, _, body = get(app, "/documentation", anyio_backend)
    assert body == swagger(
        "/api/v1/openapi.json",
        title="Shop - Swagger UI",
        options=DEFAULTS + ', "syntaxHighlight": false',
        redirect="/documentation/callback",
        init_oauth='{"clientId": "shop"}',
    )
    _, _, body = get(app, "/reference", anyio_backend)
    assert body == redoc("/api/v1/openapi.json", title="Shop - ReDoc")
    status, _, _ = get(app, "/documentation/callback", anyio_backend)
    assert status == 200
    for gone in ("/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect"):
        assert get(app, gone, anyio_backend)[0] == 404


@pytest.mark.parametrize(
    ("options", "missing", "present"),
    [
        ({"openapi_url": None}, ["/openapi.json", "/docs", "/redoc", "/docs/oauth2-redirect"], []),
        ({"docs_url": None}, ["/docs", "/docs/oauth2-redirect"], ["/redoc", "/openapi.json"]),
        ({"redoc_url": None}, ["/redoc"], ["/docs", "/docs/oauth2-redirect"]),
        ({"swagger_ui_oauth2_redirect_url": None}, ["/docs/oauth2-redirect"], ["/docs"]),
    ],
)
def test_turning_pages_off(
    options: dict[str, Any], missing: list[str], present: list[str], anyio_backend: str
) -> None:
    app = App(**options)
    for path in missing:
        status, _, body = get(app, path, anyio_backend)
        assert (status, body) == (404, '{"detail":"Not Found"}')
    for path in present:
        assert get(app, path, anyio_backend)[0] == 200


def test_no_redirect_url_means_no_redirect_in_the_page(anyio_backend: str) -> None:
    app = App(swagger_ui_oauth2_redirect_url=None)
    assert get(app, "/docs", anyio_backend)[2] == swagger("/openapi.json", redirect=None)


@pytest.mark.parametrize(
    ("app_root", "server_root"), [("/api/v1", ""), ("", "/api/v1"), ("", "/api/v1/")]
)
def test_pages_follow_root_path_once(app_root: str, server_root: str, anyio_backend: str) -> None:
    app = App(root_path=app_root)
    _, _, body = get(app, "/docs", anyio_backend, root_path=server_root)
    assert body == swagger("/api/v1/openapi.json", redirect="/api/v1/docs/oauth2-redirect")
    _, _, body = get(app, "/redoc", anyio_backend, root_path=server_root)
    assert body == redoc("/api/v1/openapi.json")


def test_mounted_app_pages_point_at_its_own_schema(anyio_backend: str) -> None:
    main = App(title="Main")
    sub = App(title="Sub")
    main.mount("/subapi", sub)
    _, _, body = get(main, "/subapi/docs", anyio_backend)
    assert body == swagger(
        "/subapi/openapi.json", title="Sub - Swagger UI", redirect="/subapi/docs/oauth2-redirect"
    )
    _, _, body = get(main, "/subapi/redoc", anyio_backend)
    assert body == redoc("/subapi/openapi.json", title="Sub - ReDoc")
    _, _, body = get(main, "/docs", anyio_backend)
    assert body == swagger("/openapi.json", title="Main - Swagger UI")
    # Behind a proxy the request path carries the proxy's prefix too (ASGI's root_path rule).
    assert get(main, "/subapi/docs", anyio_backend, root_path="/proxy")[0] == 404
    _, _, body = get(main, "/proxy/subapi/docs", anyio_backend, root_path="/proxy")
    assert body == swagger(
        "/proxy/subapi/openapi.json",
        title="Sub - Swagger UI",
        redirect="/proxy/subapi/docs/oauth2-redirect",
    )


def test_mounted_app_schema_names_its_mount_as_server(anyio_backend: str) -> None:
    main = App(title="Main")
    sub = App(title="Sub")

    @sub.get("/sub")
    def read_sub():
        return {"message": "Hello World from sub API"}

    main.mount("/subapi", sub)
    status, _, body = get(main, "/subapi/openapi.json", anyio_backend)
    assert status == 200
    assert body == (
        '{"openapi":"3.1.0","info":{"title":"Sub","version":"0.1.0"},'
        '"servers":[{"url":"/subapi"}],"paths":{"/sub":{"get":{"summary":"Read Sub",'
        '"operationId":"read_sub_sub_get","responses":{"200":{"description":'
        '"Successful Response","content":{"application/json":{"schema":{}}}}}}}}}'
    )
    status, _, body = get(main, "/openapi.json", anyio_backend)
    assert body == '{"openapi":"3.1.0","info":{"title":"Main","version":"0.1.0"},"paths":{}}'
