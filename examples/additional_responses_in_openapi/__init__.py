"""Seed section "Additional Responses in OpenAPI": the ``responses`` parameter."""
