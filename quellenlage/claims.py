"""Placeholder until the claims stage lands (being written now)."""


def run(ctx):
    return {}
