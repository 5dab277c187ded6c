"""Text processing for search and Japanese language understanding."""
