"""The pages of the main window, one module each, all built on ``pages.base.Page``."""
