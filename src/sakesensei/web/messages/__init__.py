"""The message catalogs: every string of the web app, one module per language."""
