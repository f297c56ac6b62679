"""Seed section "OAuth2 scopes": JWT bearer tokens carrying scopes, checked per operation."""
