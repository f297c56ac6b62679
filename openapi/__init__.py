"""Keel: openapi."""
