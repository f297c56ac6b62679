"""Reading a ``.env`` file: run from this directory, the settings come from ``.env``."""
