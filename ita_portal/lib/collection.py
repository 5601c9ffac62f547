"""`no_cycle_collection()`: no cyclic garbage collection while a big result is built.

Work that makes hundreds of thousands of objects that live until it ends (a PDF's layout, the
supervisor's console of thousands of units) triggers full collections that walk all of them
again and again, for nothing: they are not garbage yet. Reference counting still frees as usual;
the cycles are left to the collections after the block. Workers are processes (sync gunicorn),
so no other request's garbage waits meanwhile.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """The collector off for the block, and back as it was after it (nested blocks too)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
