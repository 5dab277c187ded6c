"""LLM provider clients (built by the sommelier issue)."""
