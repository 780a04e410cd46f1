"""Incomplete-input detection for the REPL (placeholder)."""


def is_incomplete(source):
    return False
