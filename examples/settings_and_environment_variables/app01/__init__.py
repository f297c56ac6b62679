"""Settings in another module: ``config.settings`` imported by ``main``."""
