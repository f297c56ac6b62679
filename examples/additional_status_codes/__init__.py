"""Seed section "Additional Status Codes": return a ``JSONResponse`` with another status."""
