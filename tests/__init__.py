"""readerlevel test suite."""
