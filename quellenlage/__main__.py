"""`python -m quellenlage` runs the CLI (the same as the `quellenlage` command)."""
from .cli import main

main()
