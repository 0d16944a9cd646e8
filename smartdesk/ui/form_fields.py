"""Small pieces shared by the settings forms and the print dialog: the language list, an image
file field with its thumbnail, and the red line that shows a field's error beneath it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QImageReader, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smartdesk.i18n import _, get_locale

#: Each language in its own words: a Dutch speaker must find "Nederlands" in a French screen,
#: so these names are deliberately not translated.
LANGUAGE_NAMES = {"fr": "Français", "nl": "Nederlands", "de": "Deutsch", "en": "English"}

THUMBNAIL = 56  # pixels, the height of a logo's thumbnail


def language_combo(current: str | None, with_default: str | None = None) -> QComboBox:
    """fr/nl/de/en by name; ``with_default`` adds a first entry meaning "" (e.g. "as the
    application"). The code is each item's data."""
    combo = QComboBox()
    if with_default is not None:
        combo.addItem(with_default, "")
    for code, name in LANGUAGE_NAMES.items():
        combo.addItem(name, code)
    index = combo.findData(current or "")
    combo.setCurrentIndex(max(index, 0))
    return combo


def qt_date_format() -> str:
    """The active locale's short date (Babel's CLDR pattern) as a Qt display format, with the
    year in full: ``d/MM/yyyy`` in Belgian French, ``dd.MM.yyyy`` in German."""
    from babel import Locale

    pattern = Locale.parse(get_locale()).date_formats["short"].pattern
    return re.sub(r"y+", "yyyy", pattern)


def image_filter() -> str:
    return _("Images (*.png *.jpg *.jpeg *.gif *.bmp *.tif *.tiff *.webp);;All files (*)")


def error_label(name: str) -> QLabel:
    """An empty red line under a field; ``setText`` shows its error, ``clear`` hides it."""
    label = QLabel()
    label.setObjectName(f"error_{name}")
    label.setStyleSheet("color: #b00020;")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def show_error_in(label: QLabel, message: str | None) -> None:
    label.setText(message or "")
    label.setVisible(bool(message))


def thumbnail(path: str | None, height: int = THUMBNAIL) -> QPixmap | None:
    """A small picture of ``path``, or None if Qt cannot read it as an image."""
    if not path or not Path(path).is_file():
        return None
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and size.height() > 0:
        reader.setScaledSize(size.scaled(height * 4, height, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return None if image.isNull() else QPixmap.fromImage(image)


class ImageField(QWidget):
    """A path, a thumbnail, "Choose…" and "Remove". The path is checked when the form is saved
    (the service says why a file is refused); the thumbnail shows at once what was picked."""

    changed = Signal()

    def __init__(self, name: str, path: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"field_{name}")
        self.preview = QLabel()
        self.preview.setObjectName(f"thumbnail_{name}")
        self.preview.setFixedSize(THUMBNAIL * 2, THUMBNAIL)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("QLabel { border: 1px solid #c8c8c8; background: white; }")
        self.path = QLineEdit()
        self.path.setObjectName(f"path_{name}")
        self.path.setPlaceholderText(_("No image"))
        self.path.setClearButtonEnabled(True)
        self.choose = QPushButton(_("C&hoose…"))
        self.choose.setObjectName(f"choose_{name}")
        self.remove = QPushButton(_("Remove"))
        self.remove.setObjectName(f"remove_{name}")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.preview)
        column = QVBoxLayout()
        column.addWidget(self.path)
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        column.addLayout(buttons)
        row.addLayout(column, 1)
        self.choose.clicked.connect(self.pick)
        self.remove.clicked.connect(lambda: self.set_path(None))
        self.path.textChanged.connect(self._path_changed)
        #: Told why a chosen file is refused ("" once a good one is chosen).
        self.on_refused: Callable[[str], None] = lambda message: None
        self.set_path(path)

    def value(self) -> str:
        return self.path.text().strip()

    def set_path(self, path: str | None) -> None:
        self.path.setText(path or "")
        self._path_changed()

    def _path_changed(self) -> None:
        picture = thumbnail(self.value())
        if picture is not None:
            self.preview.setPixmap(picture)
        else:
            self.preview.clear()
            self.preview.setText(_("(none)") if not self.value() else _("(unreadable)"))
        self.remove.setEnabled(bool(self.value()))
        self.changed.emit()

    def pick(self) -> None:
        start = self.value() and str(Path(self.value()).parent)
        folder = start or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.PicturesLocation
        )
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose an image"), folder, image_filter()
        )
        if path:
            self.accept_path(path)

    def accept_path(self, path: str) -> bool:
        """Take ``path`` if it is an image SmartDesk can print; otherwise keep the previous one
        and say why through ``on_refused``."""
        from smartdesk.services import settings

        if problem := settings.image_problem(path):
            self.on_refused(problem)
            return False
        self.on_refused("")
        self.set_path(path)
        return True
