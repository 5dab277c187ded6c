"""The `sakesensei` command line."""
