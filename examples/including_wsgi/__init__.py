"""Seed section "Including WSGI - Flask, Django, others": a WSGI app mounted under ``/v1``."""
