"""Local web app over the store (`quellenlage serve`)."""
from .app import create_app  # noqa: F401
