"""Shared caches and counters: in-process or Redis."""
