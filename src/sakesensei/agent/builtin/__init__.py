"""The built-in sommelier: understands Japanese and English without a language model."""

from sakesensei.agent.builtin.sommelier import BuiltinSommelier

__all__ = ["BuiltinSommelier"]
