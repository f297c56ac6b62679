"""Seed section "HTTP Basic Auth": ``HTTPBasic`` credentials checked in constant time."""
