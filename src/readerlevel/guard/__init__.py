"""The guard: check that a variant still says what the canonical text says."""
