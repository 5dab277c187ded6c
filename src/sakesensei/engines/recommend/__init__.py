"""Scoring and ranking of sake for a user (built by the recommendation issue)."""
