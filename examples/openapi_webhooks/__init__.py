"""Seed section "OpenAPI Webhooks": events the app sends, declared with ``app.webhooks``."""
