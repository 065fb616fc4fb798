"""Evaluation commands: one scorer per benchmark, each reading a data path and writing JSON."""
