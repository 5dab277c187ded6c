"""The HTTP API, built by create_app()."""
