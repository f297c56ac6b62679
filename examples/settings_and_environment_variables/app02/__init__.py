"""Settings in a dependency: ``get_settings`` (cached) that tests can override."""
