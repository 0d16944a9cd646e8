import sys

if __name__ == "__main__":
    # First: in the frozen application, the summary export's worker process starts through
    # this same executable, and must run the worker rather than the command line. Elsewhere
    # freeze_support does nothing, and multiprocessing is not loaded for every command.
    if getattr(sys, "frozen", False):
        import multiprocessing

        multiprocessing.freeze_support()
    from smartdesk.cli import main

    sys.exit(main())
