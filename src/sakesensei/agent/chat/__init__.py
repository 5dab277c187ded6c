"""Conversations with the sommelier: sessions, their short-term history, and what is
remembered about the user afterwards (facts, session summaries, pending state)."""
