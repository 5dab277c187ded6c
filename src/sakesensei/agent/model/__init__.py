"""The sommelier backed by a language model: the tool loop over a ChatModel, and the
fallback to the built-in sommelier when the provider fails or is slow."""
