"""Keel: framework."""
