"""Command-line argument types the benchmark scripts share."""

from __future__ import annotations

import argparse


def positive(text: str) -> int:
    """An integer of at least 1, for counts such as rounds."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value
