"""Placeholder until the figures stage lands (being written now)."""


def run(ctx):
    return {}
