"""Samordna: coordination of local crime prevention and safety work."""
