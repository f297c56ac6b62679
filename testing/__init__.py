"""Keel: testing."""
