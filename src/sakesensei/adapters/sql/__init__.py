"""SQLAlchemy 2 storage that runs on SQLite and PostgreSQL."""
