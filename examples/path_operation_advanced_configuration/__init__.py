"""Seed section "Path Operation Advanced Configuration": operationId, exclusion, docstrings,
``openapi_extra``."""
