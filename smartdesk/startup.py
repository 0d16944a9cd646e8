"""Start-up of a SmartDesk process: the cyclic garbage collector waits while the program loads.

Loading SQLAlchemy, Babel, Qt's bindings and our models allocates a few hundred thousand objects
that live as long as the process. While they are created, each pass of the collector walks them
all again and frees nothing; after, every full pass (and the last one, at exit) walks them once
more. So the collector is paused while the program loads, and when the program is SmartDesk
itself (its entry points in smartdesk/__main__.py say so with ``begin_program``) what was loaded is then frozen out of
later passes (``gc.freeze``: the objects stay, the collector no longer looks at them). The work
itself (an import, an export, the window's life) runs with the collector as usual.

`smartdesk events list` spends about 50 ms less (a fifth of what the command adds to the bare
interpreter: benchmarks/bench_desktop_start.py). A test or a script that calls ``cli.main`` in
its own process gets the pause but never the freeze: its own garbage would be frozen with it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_program = False


def begin_program() -> None:
    """Said first by the entry points (smartdesk/__main__.py): this process is SmartDesk, and
    what it loads lives until it ends."""
    global _program
    _program = True


@contextmanager
def loading() -> Iterator[None]:
    """Pause the collector while the block loads modules or builds long-lived objects; then
    freeze them (in the program only) and resume. A collector somebody else paused stays paused,
    and nothing is frozen then either."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if _program:
                gc.freeze()
            gc.enable()
