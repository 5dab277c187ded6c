"""`python -m sakesensei` is the `sakesensei` command."""

from sakesensei.entrypoints.cli.main import run

run()
