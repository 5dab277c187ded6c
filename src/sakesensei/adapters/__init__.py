"""Implementations of the ports: SQL storage, blob stores, LLM clients, caches."""
