"""The sommelier agent (built by the sommelier issue)."""
