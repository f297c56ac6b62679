"""Seed section "Behind a Proxy": forwarded headers and ``root_path``."""
