"""Seed section "FastAPI in Containers - Docker": a Dockerfile serving the app package with Keel.

The directory is the Docker build context: ``Dockerfile``, ``requirements.txt`` and the
``app`` package, laid out as the seed describes.
"""
