"""Placeholder until the time stage lands (being written now)."""


def run(ctx):
    return {}
