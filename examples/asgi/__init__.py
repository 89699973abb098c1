"""readerlevel served by a Starlette (ASGI) app: see ``app.py`` and ``README.md``."""
