"""Placeholder until the attribution stage lands (being written now)."""


def run(ctx):
    return {}
