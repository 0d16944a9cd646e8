"""Dialogs of the desktop application, one module each."""
