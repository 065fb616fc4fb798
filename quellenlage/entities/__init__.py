"""Placeholder until the entities stage lands (being written now)."""


def run(ctx):
    return {}
