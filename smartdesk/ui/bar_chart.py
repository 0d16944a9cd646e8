"""A horizontal bar chart painted with QPainter: a title, one row per label, bars in one or two
series (e.g. held and planned) and the figure written after the bar.

Drawn here rather than with a chart package: the GAL page needs six small charts, and
QtCharts (or matplotlib) would weigh more in the installer than the whole application.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QFontMetricsF, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from smartdesk.i18n import format_number

#: Colours of the series: the GAL's green then blue (as the workshop cards), readable in grey.
SERIES_COLOURS = ("#2e7d32", "#1565c0", "#ef6c00")
#: The labels take up to this share of the chart's width; the bars need the rest.
LABEL_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    #: One value per series, drawn end to end (stacked).
    values: tuple[float, ...]

    @property
    def total(self) -> float:
        return sum(self.values)


class BarChart(QWidget):
    ROW = 22  # px per bar: a label of the default font with air around it
    GAP = 6

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = ""
        self.series: tuple[str, ...] = ()
        self.bars: list[Bar] = []
        self.empty_text = ""
        self.value_format = format_number
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_data(
        self,
        title: str,
        bars: Sequence[Bar],
        series: Sequence[str] = (),
        empty_text: str = "",
        value_format=format_number,
    ) -> None:
        """Show these bars (largest first is the caller's choice of order); ``series`` names
        the stacked values for the legend (no legend for a single series)."""
        self.title = title
        self.bars = list(bars)
        self.series = tuple(series)
        self.empty_text = empty_text
        self.value_format = value_format
        self.setAccessibleName(title)
        self.updateGeometry()
        self.update()

    def _legend_height(self) -> int:
        return self.ROW if len(self.series) > 1 else 0

    def sizeHint(self) -> QSize:
        rows = max(len(self.bars), 1)
        return QSize(420, self.ROW + self._legend_height() + rows * self.ROW + self.GAP * 2)

    def minimumSizeHint(self) -> QSize:
        return QSize(260, self.sizeHint().height())

    def labels_shown(self, width: int) -> tuple[int, list[str]]:
        """The labels' column (its width, 8 px of air included) and each label as painted: as
        wide as the longest label up to ``LABEL_SHARE`` of ``width``, the longer ones elided.
        Measured in fractional pixels and rounded up: an integer advance one pixel short made
        Qt elide labels that fitted ("Villers-le-Bouill…")."""
        metrics = QFontMetricsF(self.font())
        longest = max((metrics.horizontalAdvance(bar.label) for bar in self.bars), default=0.0)
        text_width = min(math.ceil(longest) + 1, int(width * LABEL_SHARE))
        labels = [
            metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, text_width)
            for bar in self.bars
        ]
        return text_width + 8, labels

    def paintEvent(self, event) -> None:  # noqa: ARG002 - Qt's signature
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        metrics = QFontMetrics(self.font())
        width = self.width()
        y = self.GAP
        bold = self.font()
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text_colour)
        painter.drawText(QRectF(0, y, width, self.ROW), Qt.AlignmentFlag.AlignVCenter, self.title)
        painter.setFont(self.font())
        y += self.ROW
        if len(self.series) > 1:
            x = 0.0
            for i, name in enumerate(self.series):
                painter.fillRect(QRectF(x, y + 6, 12, 12), QColor(SERIES_COLOURS[i % 3]))
                painter.drawText(
                    QRectF(x + 16, y, width, self.ROW), Qt.AlignmentFlag.AlignVCenter, name
                )
                x += 16 + metrics.horizontalAdvance(name) + 18
            y += self.ROW
        if not self.bars:
            painter.setPen(palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
            painter.drawText(
                QRectF(0, y, width, self.ROW), Qt.AlignmentFlag.AlignVCenter, self.empty_text
            )
            painter.end()
            return
        label_width, labels = self.labels_shown(width)
        value_width = max(metrics.horizontalAdvance(self.value_format(b.total)) for b in self.bars)
        bar_space = max(width - label_width - value_width - 12, 10)
        largest = max(bar.total for bar in self.bars) or 1.0
        for bar, label in zip(self.bars, labels, strict=True):
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(0, y, label_width - 8, self.ROW),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                label,
            )
            x = float(label_width)
            for i, value in enumerate(bar.values):
                length = bar_space * value / largest
                if length > 0:
                    colour = QColor(SERIES_COLOURS[i % len(SERIES_COLOURS)])
                    painter.fillRect(QRectF(x, y + 4, length, self.ROW - 8), colour)
                x += length
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(x + 6, y, value_width + 6, self.ROW),
                Qt.AlignmentFlag.AlignVCenter,
                self.value_format(bar.total),
            )
            y += self.ROW
        painter.end()
