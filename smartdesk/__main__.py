"""The entry points: ``python -m smartdesk`` and the ``smartdesk`` console script (the command
line, or the window without a command), and the ``smartdesk-gui`` launcher (the window)."""

import sys

from smartdesk import startup


def main() -> int:
    """``smartdesk [--db PATH] [COMMAND …]``."""
    startup.begin_program()
    with startup.loading():
        from smartdesk.cli import main as command_line
    return command_line()


def window() -> int:
    """``smartdesk-gui``: the desktop application on the user's database."""
    startup.begin_program()
    with startup.loading():
        from smartdesk.app import run_gui
    return run_gui()


if __name__ == "__main__":
    # First: in the frozen application, the summary export's worker process starts through
    # this same executable, and must run the worker rather than the command line. Elsewhere
    # freeze_support does nothing, and multiprocessing is not loaded for every command.
    if getattr(sys, "frozen", False):
        import multiprocessing

        multiprocessing.freeze_support()
    sys.exit(main())
