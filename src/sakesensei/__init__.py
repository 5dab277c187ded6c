"""Sake Sensei (酒先生): a self-hostable AI sake sommelier."""

__version__ = "0.1.0"
