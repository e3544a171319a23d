"""bulletin-kg: Vietnamese Party and government bulletins to a knowledge graph."""

__version__ = "0.1.0"
