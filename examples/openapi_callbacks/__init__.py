"""Seed section "OpenAPI Callbacks": documenting the external API your API calls back."""
