"""The interactive docs pages: Swagger UI, ReDoc and Swagger UI's OAuth2 redirect page.

Each function returns an ``HTMLResponse`` whose page loads the UI from a CDN and points it
at the schema URL. Values that land inside ``<script>`` are JSON with ``<``, ``>`` and
``&`` escaped, so no string (a title, a parameter) can close the script element; text in
HTML is escaped. The keyword names, defaults and CDN URLs are FastAPI's.
"""

from __future__ import annotations

import html
import json
from typing import Any

from asgi_core.responses import HTMLResponse

__all__ = [
    "get_redoc_html",
    "get_swagger_ui_html",
    "get_swagger_ui_oauth2_redirect_html",
    "swagger_ui_default_parameters",
]

swagger_ui_default_parameters: dict[str, Any] = {
    "dom_id": "#swagger-ui",
    "layout": "BaseLayout",
    "deepLinking": True,
    "showExtensions": True,
    "showCommonExtensions": True,
}
"""Swagger UI options every page gets; ``swagger_ui_parameters`` override them one by one."""

SWAGGER_JS_URL = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js"
SWAGGER_CSS_URL = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css"
FAVICON_URL = "https://fastapi.tiangolo.com/img/favicon.png"
REDOC_JS_URL = "https://cdn.jsdelivr.net/npm/redoc@2/bundles/redoc.standalone.js"
GOOGLE_FONTS_URL = (
    "https://fonts.googleapis.com/css?family=Montserrat:300,400,700|Roboto:300,400,700"
)


def script_json(value: Any) -> str:
    """``value`` as JSON that is safe to inline in a ``<script>`` element."""
    from framework.encoders import jsonable_encoder

    text = json.dumps(jsonable_encoder(value))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def get_swagger_ui_html(
    *,
    openapi_url: str,
    title: str,
    swagger_js_url: str = SWAGGER_JS_URL,
    swagger_css_url: str = SWAGGER_CSS_URL,
    swagger_favicon_url: str = FAVICON_URL,
    oauth2_redirect_url: str | None = None,
    init_oauth: dict[str, Any] | None = None,
    swagger_ui_parameters: dict[str, Any] | None = None,
) -> HTMLResponse:
    """The Swagger UI page for the schema at ``openapi_url``."""
    options: dict[str, Any] = {"url": openapi_url}
    options.update(swagger_ui_default_parameters)
    options.update(swagger_ui_parameters or {})
    lines = [f"  const options = {script_json(options)};"]
    if oauth2_redirect_url:
        lines.append(
            f"  options.oauth2RedirectUrl = window.location.origin + "
            f"{script_json(oauth2_redirect_url)};"
        )
    lines.append(
        "  options.presets = [SwaggerUIBundle.presets.apis, "
        "SwaggerUIBundle.SwaggerUIStandalonePreset];"
    )
    lines.append("  const ui = SwaggerUIBundle(options);")
    if init_oauth:
        lines.append(f"  ui.initOAuth({script_json(init_oauth)});")
    script = "\n".join(lines)
    page = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link type="text/css" rel="stylesheet" href="{_attr(swagger_css_url)}">
<link rel="shortcut icon" href="{_attr(swagger_favicon_url)}">
<title>{html.escape(title)}</title>
</head>
<body>
<div id="swagger-ui"></div>
<script src="{_attr(swagger_js_url)}"></script>
<script>
{script}
</script>
</body>
</html>
"""
    return HTMLResponse(page)


def get_redoc_html(
    *,
    openapi_url: str,
    title: str,
    redoc_js_url: str = REDOC_JS_URL,
    redoc_favicon_url: str = FAVICON_URL,
    with_google_fonts: bool = True,
) -> HTMLResponse:
    """The ReDoc page for the schema at ``openapi_url``."""
    fonts = ""
    if with_google_fonts:
        fonts = f'<link href="{_attr(GOOGLE_FONTS_URL)}" rel="stylesheet">\n'
    page = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
{fonts}<link rel="shortcut icon" href="{_attr(redoc_favicon_url)}">
<style>body {{ margin: 0; padding: 0; }}</style>
</head>
<body>
<noscript>ReDoc needs JavaScript to show this API's documentation.</noscript>
<redoc spec-url="{_attr(openapi_url)}"></redoc>
<script src="{_attr(redoc_js_url)}"></script>
</body>
</html>
"""
    return HTMLResponse(page)


# Swagger UI opens this page as the OAuth2 redirect target: it hands the parameters the
# authorization server sent (in the fragment or the query) back to the opener's
# ``swaggerUIRedirectOauth2`` hooks and closes the window.
_OAUTH2_REDIRECT_PAGE = """<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="utf-8">
<title>Swagger UI: OAuth2 Redirect</title>
</head>
<body>
<script>
"use strict";
function readParams() {
  var hash = window.location.hash.substring(1);
  var raw = /code|token|error/.test(hash) ? hash.replace("?", "&")
                                          : window.location.search.substring(1);
  var params = {};
  new URLSearchParams(raw).forEach(function (value, key) { params[key] = value; });
  return params;
}
function codeFlow(auth) {
  var flow = auth.schema.get("flow");
  return flow === "accessCode" || flow === "authorizationCode" || flow === "authorization_code";
}
function finish() {
  var oauth2 = window.opener.swaggerUIRedirectOauth2;
  var params = readParams();
  var isValid = params.state === oauth2.state;
  if (codeFlow(oauth2.auth) && !oauth2.auth.code) {
    if (!isValid) {
      oauth2.errCb({authId: oauth2.auth.name, source: "auth", level: "warning",
        message: "Authorization may be unsafe, passed state was changed in server. " +
                 "The passed state wasn't returned from auth server."});
    }
    if (params.code) {
      delete oauth2.state;
      oauth2.auth.code = params.code;
      oauth2.callback({auth: oauth2.auth, redirectUrl: oauth2.redirectUrl});
    } else {
      var message = "[Authorization failed]: no accessCode received from the server.";
      if (params.error) {
        message = "[" + params.error + "]: " +
          (params.error_description ? params.error_description + ". "
                                    : "no accessCode received from the server. ") +
          (params.error_uri ? "More info: " + params.error_uri : "");
      }
      oauth2.errCb({authId: oauth2.auth.name, source: "auth", level: "error", message: message});
    }
  } else {
    oauth2.callback({auth: oauth2.auth, token: params, isValid: isValid,
                     redirectUrl: oauth2.redirectUrl});
  }
  window.close();
}
if (document.readyState !== "loading") {
  finish();
} else {
  document.addEventListener("DOMContentLoaded", finish);
}
</script>
</body>
</html>
"""


def get_swagger_ui_oauth2_redirect_html() -> HTMLResponse:
    """The page Swagger UI's OAuth2 flows redirect back to."""
    return HTMLResponse(_OAUTH2_REDIRECT_PAGE)
