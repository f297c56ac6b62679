"""Seed section "Response Headers": headers on the ``Response`` parameter or directly."""
