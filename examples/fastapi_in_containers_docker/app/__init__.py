"""The application package the Dockerfile copies to ``/code/app``."""
