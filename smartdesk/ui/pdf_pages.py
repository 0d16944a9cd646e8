"""PDF pages as images, with pypdfium2 (PDFium, the engine of Chrome's viewer, in a 3 MB wheel):
for the print preview, and for printing.

Why not QtPdf: it lives in PySide6's 175 MB Addons wheel (``pyside6-pdf`` exists only for the
6.12 series, which we cannot use). Why print images rather than hand the PDF to the system:
Windows has no built-in way to print a PDF file (ShellExecute's "print" verb needs Acrobat or
another reader registered), whereas drawing pages on a QPrinter works with every printer driver,
on any PC, without extra software. Pages are drawn at actual size (full page, no scaling) so
label sheets of badges line up with their die-cut labels.

PDFium is not thread-safe: every call goes through ``_lock``, so a page can be rendered in a
worker thread while the GUI thread lays out the next preview.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QRectF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

_lock = threading.RLock()

#: Printing at the printer's resolution, up to this: 300 dpi is what laser printers print text
#: at; an A4 page at 600 dpi would be a 140 MB image.
MAX_PRINT_DPI = 300


@dataclass(eq=False)
class PdfPages:
    """An opened PDF: its bytes (what is saved or printed), its page sizes in points."""

    data: bytes
    document: Any = field(repr=False)  # pypdfium2.PdfDocument
    sizes: list[tuple[float, float]]

    def __len__(self) -> int:
        return len(self.sizes)

    closed: bool = False

    def close(self) -> None:
        # Explicitly, under the lock: left to the garbage collector, PDFium's objects would be
        # freed in whatever thread collects them, maybe while another renders (a crash).
        with _lock:
            if not self.closed:
                self.closed = True
                self.document.close()


def open_pages(data: bytes) -> PdfPages:
    """Open ``data`` (call it in a worker: 500 pages take a moment)."""
    import pypdfium2 as pdfium  # the library is loaded when a first document is previewed

    with _lock:
        document = pdfium.PdfDocument(data)
        sizes = [document.get_page_size(i) for i in range(len(document))]
    return PdfPages(data, document, sizes)


def render_page(pages: PdfPages, index: int, scale: float) -> QImage:
    """Page ``index`` as an image, ``scale`` pixels per point (any thread)."""
    with _lock:
        if pages.closed:  # replaced by a newer preview meanwhile: nothing to draw
            return QImage()
        page = pages.document[index]
        try:
            bitmap = page.render(scale=scale, prefer_bgrx=True, rev_byteorder=True)
            try:
                image = QImage(
                    bitmap.buffer,
                    bitmap.width,
                    bitmap.height,
                    bitmap.stride,
                    QImage.Format.Format_RGBX8888,
                ).copy()  # own the pixels before PDFium frees its buffer
            finally:
                bitmap.close()  # freed here, under the lock, not by the collector elsewhere
        finally:
            page.close()
    return image


def render_pages(pages: PdfPages, indexes: list[int], scale: float) -> dict[int, QImage]:
    return {i: render_page(pages, i, scale) for i in indexes}


def prepare_printer(printer: QPrinter, pages: PdfPages) -> None:
    """Paper size and orientation of the first page, so the system dialog starts right."""
    if not pages.sizes:
        return
    width, height = pages.sizes[0]
    portrait = QPageSize(QSizeF(min(width, height), max(width, height)), QPageSize.Unit.Point)
    orientation = (
        QPageLayout.Orientation.Landscape if width > height else QPageLayout.Orientation.Portrait
    )
    # FuzzyMatch (the default) recognises A4, so the system dialog shows the paper by its name.
    printer.setPageSize(portrait)
    printer.setPageOrientation(orientation)
    printer.setFullPage(True)
    printer.setFromTo(1, len(pages))


def print_pages(
    pages: PdfPages,
    printer: QPrinter,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Draw the pages the user chose (all, or the range of the print dialog) on ``printer`` at
    actual size; returns the number of pages sent. ``progress`` may raise OperationCancelled:
    the job is then aborted, nothing half-printed is left in the queue."""
    total = len(pages)
    first, last = 1, total
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = max(1, printer.fromPage()), min(total, printer.toPage() or total)
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    order = [i for _copy in range(copies) for i in range(first - 1, last)]
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("The printer could not be opened.")
    sent = 0
    try:
        for n, index in enumerate(order):
            if progress is not None:
                progress(n, len(order))
            width, height = pages.sizes[index]
            if n:
                printer.newPage()
            image = render_page(pages, index, dpi / 72)
            paper = printer.paperRect(QPrinter.Unit.DevicePixel)
            # Actual size: points to device pixels; shrunk only if the paper is smaller.
            device = printer.resolution() / 72
            scale = min(device, paper.width() / width, paper.height() / height)
            target = QRectF(0, 0, width * scale, height * scale)
            target.moveCenter(QRectF(0, 0, paper.width(), paper.height()).center())
            painter.drawImage(target, image)
            sent += 1
    except BaseException:
        painter.end()
        printer.abort()
        raise
    painter.end()
    if progress is not None:
        progress(len(order), len(order))
    return sent
