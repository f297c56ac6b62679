"""Keel: security."""
