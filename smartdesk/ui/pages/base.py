"""What every page of the main window offers the frame: a key and a title for the navigation,
``refresh()`` when it is shown or the data changed, ``set_search(text)`` from the window's
search field (pages without a list return None from ``search_placeholder``), and ``open(**kw)``
when another page sends the user here (e.g. the check-in of event 12)."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtWidgets import QWidget

from smartdesk.ui.context import AppContext


class Page(QWidget):
    key: ClassVar[str] = ""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(f"page_{self.key}")

    def title(self) -> str:
        """The translated name shown in the navigation and the window title."""
        raise NotImplementedError

    def refresh(self) -> None:
        """Read again what the page shows (quick calls here; long ones through ctx.run)."""

    def search_placeholder(self) -> str | None:
        """The hint in the window's search field, or None when this page has nothing to filter."""
        return None

    def set_search(self, text: str) -> None:
        """Filter the page's list as the user types in the window's search field."""

    def open(self, **kwargs: Any) -> None:
        """Shown because another page sent the user here, with what to show."""
        self.refresh()
