"""Worked integrations of readerlevel (not part of the installed package)."""
