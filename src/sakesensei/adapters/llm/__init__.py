"""LLM provider clients: each implements ports.ChatModel over its provider's streaming API."""
