"""Example programs whose OpenAPI documents the tests compare with FastAPI 0.165's.

Each module builds an ``app`` at import; ``expected/<module>.json`` holds the document
FastAPI 0.165 (pydantic 2.14) produced for the same program with ``fastapi`` imports.
"""
