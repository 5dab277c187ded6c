"""Optical character recognition engines behind the label reader port."""
