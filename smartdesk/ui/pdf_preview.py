"""A scrollable column of PDF pages, rendered in the background only where the user looks.

Page sizes are known as soon as the document is opened, so the column has its full height at
once (the scroll bar tells the truth for 500 pages); a page is drawn as a white sheet until its
image arrives from a worker, and an image of another zoom is drawn stretched meanwhile, so
zooming or resizing never flashes blank pages.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget
from shiboken6 import isValid

from smartdesk.i18n import _
from smartdesk.ui import tasks
from smartdesk.ui.pdf_pages import PdfPages, render_pages

GAP = 12  # pixels around and between pages
FIT_WIDTH, ACTUAL_SIZE = "fit", "actual"
#: Rendered pages kept; the rest are drawn again when scrolled back to.
CACHE_PAGES = 24


class _PageColumn(QWidget):
    def __init__(self, preview: PdfPreview):
        super().__init__()
        self.preview = preview
        self.setObjectName("preview_pages")
        self.setAutoFillBackground(False)

    def paintEvent(self, event: QPaintEvent) -> None:
        self.preview.paint_pages(self, event.rect())


class PdfPreview(QScrollArea):
    """``set_pages(pages)`` shows a document; ``set_message(text)`` a line instead (building,
    or why there is nothing to show). ``rendered`` fires when page images arrive."""

    rendered = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("preview")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setWidgetResizable(False)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setBackgroundRole(self.backgroundRole())
        self.setStyleSheet("QScrollArea#preview { background: #8a8f96; }")
        self.column = _PageColumn(self)
        self.setWidget(self.column)
        self.pages: PdfPages | None = None
        self.zoom = FIT_WIDTH
        self.message = ""
        self._scale = 1.0  # logical pixels per point
        self._rects: list[QRect] = []
        self._images: dict[int, tuple[float, QImage]] = {}  # page → (pixel scale, image)
        self._generation = 0
        self._rendering = False
        self._relayout = QTimer(self, singleShot=True, interval=60)
        self._relayout.timeout.connect(self._layout)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self._request_visible())

    # --- what is shown ------------------------------------------------------------------------

    def set_pages(self, pages: PdfPages | None) -> None:
        old = self.pages
        self.pages = pages
        self.message = ""
        self._generation += 1
        self._images.clear()
        self._layout()
        if old is not None and old is not pages:
            old.close()

    def set_message(self, text: str) -> None:
        self.message = text
        self.column.update()
        self.viewport().update()

    def set_zoom(self, zoom: str) -> None:
        if zoom != self.zoom:
            self.zoom = zoom
            self._layout()

    def page_count(self) -> int:
        return len(self.pages) if self.pages is not None else 0

    def rendered_pages(self) -> list[int]:
        """Pages whose image at the current zoom is in hand (for tests and the status line)."""
        wanted = self._pixel_scale()
        return sorted(i for i, (scale, _img) in self._images.items() if abs(scale - wanted) < 1e-6)

    def image(self, index: int) -> QImage | None:
        entry = self._images.get(index)
        return entry[1] if entry else None

    def scroll_to_page(self, index: int) -> None:
        if 0 <= index < len(self._rects):
            self.verticalScrollBar().setValue(self._rects[index].top() - GAP)

    # --- layout -------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.zoom == FIT_WIDTH:
            self._relayout.start()  # once the user stops dragging the edge

    def _compute_scale(self) -> float:
        if self.pages is None or not self.pages.sizes:
            return 1.0
        if self.zoom == ACTUAL_SIZE:
            return self.logicalDpiX() / 72
        widest = max(w for w, _h in self.pages.sizes)
        room = self.viewport().width() - 2 * GAP - self.verticalScrollBar().sizeHint().width()
        return max(room, 100) / widest

    def _pixel_scale(self) -> float:
        return round(self._scale * self.devicePixelRatioF(), 4)

    def _layout(self) -> None:
        self._scale = self._compute_scale()
        self._rects = []
        y = GAP
        width = 0
        for w, h in self.pages.sizes if self.pages is not None else []:
            rect = QRect(GAP, y, round(w * self._scale), round(h * self._scale))
            self._rects.append(rect)
            y += rect.height() + GAP
            width = max(width, rect.width())
        for rect in self._rects:  # centre narrower (portrait among landscape) pages
            rect.moveLeft(GAP + (width - rect.width()) // 2)
        if self._rects:
            self.column.resize(QSize(width + 2 * GAP, y))
        else:
            self.column.resize(self.viewport().size())
        self.column.update()
        self._request_visible()

    # --- painting and rendering ---------------------------------------------------------------

    def _visible(self) -> list[int]:
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        return [i for i, r in enumerate(self._rects) if r.bottom() >= top and r.top() <= bottom]

    def paint_pages(self, widget: QWidget, area: QRect) -> None:
        painter = QPainter(widget)
        painter.fillRect(area, QColor("#8a8f96"))
        if self.message or not self._rects:
            painter.setPen(QColor("white"))
            visible = QRect(0, self.verticalScrollBar().value(), self.viewport().width(), 80)
            painter.drawText(
                visible, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.message
            )
            if not self._rects:
                return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for index, rect in enumerate(self._rects):
            if not rect.intersects(area):
                continue
            painter.fillRect(rect.translated(2, 2), QColor(0, 0, 0, 60))  # a little shadow
            entry = self._images.get(index)
            if entry is None:
                painter.fillRect(rect, QColor("white"))
                painter.setPen(QColor("#9aa0a6"))
                painter.drawText(
                    rect,
                    Qt.AlignmentFlag.AlignCenter,
                    _("Page {number}").format(number=index + 1),
                )
            else:
                painter.drawImage(QRectF(rect), entry[1])
        painter.end()

    def _request_visible(self) -> None:
        """Render the pages in view that lack an image at this zoom, one batch at a time."""
        if self.pages is None or self._rendering:
            return
        scale = self._pixel_scale()
        missing = [
            i for i in self._visible() if i not in self._images or self._images[i][0] != scale
        ]
        if not missing:
            return
        self._rendering = True
        generation = self._generation
        tasks.run_task(
            self,
            render_pages,
            self.pages,
            missing[:4],
            scale,
            on_success=lambda images: self._rendered(generation, scale, images),
            on_failure=lambda exc: self._render_failed(generation, exc),
        )

    def _rendered(self, generation: int, scale: float, images: dict[int, QImage]) -> None:
        if not isValid(self):  # the dialog was closed and deleted while the page was drawn
            return
        self._rendering = False
        if generation == self._generation:
            for index, image in images.items():
                self._images[index] = (scale, image)
            self._forget_far_pages()
            self.column.update()
            self.rendered.emit()
        self._request_visible()  # more pages in view, or the document changed meanwhile

    def _render_failed(self, generation: int, exc: BaseException) -> None:
        if not isValid(self):
            return
        self._rendering = False
        if generation == self._generation:
            self.set_message(_("The preview of this page cannot be shown."))
        else:
            self._request_visible()  # the old document failed as it was closed: show the new one

    def _forget_far_pages(self) -> None:
        if len(self._images) <= CACHE_PAGES:
            return
        visible = self._visible()
        centre = visible[len(visible) // 2] if visible else 0
        for index in sorted(self._images, key=lambda i: abs(i - centre))[CACHE_PAGES:]:
            del self._images[index]
