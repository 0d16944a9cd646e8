"""Print and preview: the document's options on the left, its pages on the right, then print
through the system's dialog or save as PDF.

The PDF is built in the background (500 pages take seconds) and built again 400 ms after the
last change of an option; the buttons wait for the PDF that matches the options shown, so what
is printed or saved is always what the preview shows. Printing draws the rendered pages on the
printer (see ui/pdf_pages.py for why not hand the PDF to Windows).

The lead wires it with ``ctx.printer = open_print_dialog``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QStandardPaths, Qt, QTimer
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from smartdesk.domain.errors import SmartDeskError
from smartdesk.i18n import _, ngettext
from smartdesk.ui import errors, tasks
from smartdesk.ui.pdf_pages import PdfPages, open_pages, prepare_printer, print_pages
from smartdesk.ui.pdf_preview import ACTUAL_SIZE, FIT_WIDTH, PdfPreview

DEBOUNCE_MS = 400
#: The options' column at most (of a 1080-pixel dialog): the preview keeps the rest.
MAX_OPTIONS_WIDTH = 480


def build_preview(db: Any, kind: str, record_id: int, options: Any, extra: dict) -> PdfPages:
    """In a worker: the PDF of the options, opened for the preview."""
    from smartdesk.services import printing

    return open_pages(printing.document(db, kind, record_id, options, **extra))


class PrintDialog(QDialog):
    #: The folder of the last PDF saved in this session, offered again next time.
    last_folder: ClassVar[str] = ""

    def __init__(
        self,
        ctx: Any,
        kind: str,
        record_id: int,
        parent: QWidget | None = None,
        **initial: Any,
    ):
        super().__init__(parent)
        from smartdesk.services import printing, settings

        self.ctx, self.kind, self.record_id = ctx, kind, record_id
        self.setObjectName("print_dialog")
        current = settings.load(ctx.db)
        self.document_title = printing.document_title(ctx.db, kind, record_id)
        self.default_name = printing.file_name(ctx.db, kind, record_id)
        self.setWindowTitle(
            _("{document} – {title}").format(
                document=printing.kind_label(kind), title=self.document_title
            )
        )
        self.resize(1080, 680)
        self.pages: PdfPages | None = None
        self.ready = False  # the PDF in hand matches the options shown
        self._building: tasks.Task | None = None
        self._dirty = False
        self.builds = 0  # PDFs built since the dialog opened (tests watch it)
        self._printer: QPrinter | None = None

        from smartdesk.ui.dialogs.print_options import OptionsForm, hint

        self.options_form = OptionsForm(ctx, kind, record_id, current, initial)
        left = QWidget()
        left_column = QVBoxLayout(left)
        heading = QLabel(printing.kind_label(kind))
        heading.setObjectName("heading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        heading.setFont(font)
        subtitle = QLabel(self.document_title)
        subtitle.setWordWrap(True)
        left_column.addWidget(heading)
        left_column.addWidget(subtitle)
        left_column.addSpacing(8)
        left_column.addWidget(self.options_form)
        if (note := hint(kind)) is not None:
            left_column.addSpacing(6)
            left_column.addWidget(note)
        self.warnings = QLabel("\n".join(settings.missing_files(current)))
        self.warnings.setObjectName("warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8a5a00;")
        self.warnings.setVisible(bool(self.warnings.text()))
        left_column.addWidget(self.warnings)
        left_column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # As wide as the options ask, so no check box is pushed under the labels for want of
        # room (the form wraps such rows to its left margin); the preview keeps the rest.
        scroll.setMinimumWidth(max(300, min(left.sizeHint().width() + 24, MAX_OPTIONS_WIDTH)))

        self.preview = PdfPreview()
        self.status = QLabel()
        self.status.setObjectName("preview_status")
        self.fit_width = QPushButton(_("Fit &width"))
        self.actual_size = QPushButton(_("100 %"))
        zoom = QButtonGroup(self)
        for button, mode in ((self.fit_width, FIT_WIDTH), (self.actual_size, ACTUAL_SIZE)):
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            zoom.addButton(button)
            button.clicked.connect(lambda _c=False, m=mode: self.preview.set_zoom(m))
        self.fit_width.setChecked(True)
        self.actual_size.setToolTip(_("Actual size"))
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(self.fit_width)
        bar.addWidget(self.actual_size)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addLayout(bar)
        right_column.addWidget(self.preview, 1)

        splitter = QSplitter()
        splitter.addWidget(scroll)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([340, 740])
        splitter.setChildrenCollapsible(False)

        self.buttons = QDialogButtonBox()
        self.print_button = self.buttons.addButton(
            _("&Print…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.print_button.setObjectName("print_button")
        self.save_button = self.buttons.addButton(
            _("&Save as PDF…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_button.setObjectName("save_button")
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(_("&Close"))
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_as_pdf)
        close.clicked.connect(self.reject)
        # The box's accepted() is left unconnected: after printing the dialog stays open (another
        # copy, another option); Close or Escape closes it.

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.rebuild)
        self.options_form.changed.connect(self._options_changed)
        self._set_ready(False)
        self.rebuild()

    # --- building the preview -----------------------------------------------------------------

    def _set_ready(self, ready: bool) -> None:
        self.ready = ready
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    def _options_changed(self) -> None:
        self._set_ready(False)
        self.status.setText(_("Updating the preview…"))
        self._timer.start()

    def rebuild(self) -> None:
        """Build the PDF of the options shown (after the one being built, if any)."""
        self._timer.stop()
        if self._building is not None:
            self._dirty = True
            return
        self._dirty = False
        self._set_ready(False)
        try:
            options, extra = self.options_form.options()
        except ValueError:  # a combination a document refuses; the form prevents most
            self.status.setText(_("These options cannot be combined."))
            return
        if self.preview.pages is None:
            self.preview.set_message(_("Preparing the preview…"))
        self.status.setText(_("Preparing the preview…"))
        self._building = self.ctx.run(
            self,
            build_preview,
            self.kind,
            self.record_id,
            options,
            extra,
            on_success=self._built,
            on_failure=self._failed,
        )

    def _built(self, pages: PdfPages) -> None:
        if not isValid(self):  # closed and deleted meanwhile: nobody to tell
            pages.close()
            return
        self._building = None
        self.builds += 1
        self.pages = pages
        self.preview.set_pages(pages)
        count = len(pages)
        self.status.setText(ngettext("{n} page", "{n} pages", count).format(n=count))
        if self._dirty:
            self.rebuild()
        else:
            self._set_ready(True)

    def _failed(self, exc: BaseException) -> None:
        if not isValid(self):  # closed and deleted meanwhile: nobody to tell
            return
        self._building = None
        if self._dirty:
            self.rebuild()
            return
        if isinstance(exc, SmartDeskError):
            self.status.setText(exc.message)
            self.preview.set_pages(None)
            self.preview.set_message(exc.message)
        else:
            self.status.setText(_("The preview could not be prepared."))
            errors.show_unexpected(self, exc)

    # --- save and print -----------------------------------------------------------------------

    def _default_path(self) -> str:
        folder = PrintDialog.last_folder or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return str(Path(folder) / self.default_name) if folder else self.default_name

    def save_as_pdf(self) -> None:
        if not self.ready or self.pages is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save as PDF"), self._default_path(), _("PDF documents (*.pdf)")
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        from smartdesk.services import files

        self.status.setText(_("Saving…"))
        tasks.run_task(
            self,
            files.write_bytes,
            target,
            self.pages.data,
            on_success=lambda _none: self._saved(target),
            on_failure=self._save_failed,
        )

    def _saved(self, target: Path) -> None:
        if not isValid(self):  # closed and deleted meanwhile: nobody to tell
            return
        PrintDialog.last_folder = str(target.parent)
        self.saved_to = target
        self.status.setText(_("Saved as {name}.").format(name=target.name))

    def _save_failed(self, exc: BaseException) -> None:
        if not isValid(self):  # closed and deleted meanwhile: nobody to tell
            return
        self.status.setText(_("Not saved."))
        if isinstance(exc, SmartDeskError):
            errors.show_error(self, exc.message)
        elif isinstance(exc, OSError):
            errors.show_error(
                self, _("The PDF could not be saved: {reason}.").format(reason=exc.strerror or exc)
            )
        else:
            errors.show_unexpected(self, exc)

    def print_document(self) -> None:
        """The system's print dialog, then the pages drawn on the chosen printer."""
        if not self.ready or self.pages is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        prepare_printer(printer, self.pages)
        printer.setDocName(self.default_name.removesuffix(".pdf"))
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, len(self.pages))
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> tasks.Task | None:
        """Send the pages to ``printer`` in the background, with a progress dialog and Cancel."""
        if self.pages is None:
            return None
        self._printer = printer  # alive until the job is done
        self.status.setText(_("Printing…"))
        return tasks.run_task(
            self,
            print_pages,
            self.pages,
            printer,
            progress_title=_("Printing “{title}”…").format(title=self.document_title),
            on_success=self._printed,
            on_failure=self._print_failed,
        )

    def _printed(self, sent: int) -> None:
        if not isValid(self):  # closed and deleted meanwhile: nobody to tell
            return
        self._printer = None
        self.status.setText(
            ngettext(
                "{n} page sent to the printer.", "{n} pages sent to the printer.", sent
            ).format(n=sent)
        )

    def _print_failed(self, exc: BaseException) -> None:
        if not isValid(self):  # closed and deleted meanwhile: nobody to tell
            return
        self._printer = None
        from smartdesk.domain.errors import OperationCancelled

        if isinstance(exc, OperationCancelled):
            self.status.setText(_("Printing cancelled."))
        elif isinstance(exc, SmartDeskError):
            errors.show_error(self, exc.message)
        elif isinstance(exc, OSError):
            self.status.setText(_("Not printed."))
            errors.show_error(
                self, _("The printer could not be used; check that it is on and try again.")
            )
        else:
            errors.show_unexpected(self, exc)

    def done(self, result: int) -> None:
        self._timer.stop()
        if self._printer is None:  # a print job still running keeps its pages
            self.preview.set_pages(None)  # PDFium's memory back now, not at exit
            self.pages = None
        super().done(result)


def open_print_dialog(
    parent: QWidget | None, ctx: Any, kind: str, record_id: int, **options: Any
) -> PrintDialog | None:
    """The print dialog of a document (``kind`` in attendance, badges, agenda, cards, results,
    certificates; ``record_id`` its event, prompt, workshop or training), modal to ``parent``.
    ``options`` preset the form (``landscape=True``, ``filled=True``, ``person_ids=[…]`` …)."""
    try:
        dialog = PrintDialog(ctx, kind, record_id, parent, **options)
    except SmartDeskError as exc:  # e.g. the event was deleted meanwhile
        errors.show_error(parent, exc.message)
        return None
    dialog.exec()
    return dialog
