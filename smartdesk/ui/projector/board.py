"""The results board, as on the wall of the room: one column per axis, the cards in their
category's colour, the selected ones first with their rank. The same widget is drawn on the
laptop (Results tab) and, in large type on black, on the projector.

It paints the cards itself instead of holding a label per card: a new card typed on the laptop
costs one repaint, not a relayout of a hundred widgets, so the projector follows the typing.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from smartdesk.domain.enums import CardCategory
from smartdesk.domain.records import CardRecord
from smartdesk.i18n import _, ngettext

#: Strong colours that keep white text readable on a washed-out projector.
CATEGORY_COLOURS = {
    CardCategory.GREEN: QColor("#1b7a34"),
    CardCategory.BLUE: QColor("#1f5bbf"),
    CardCategory.NONE: QColor("#5b5b5b"),
}
SELECTED_BORDER = QColor("#ffcc00")


def board_columns(cards: Sequence[CardRecord], axes: Sequence[str]) -> list[str | None]:
    """The question's axes in their order, then any other axis typed, then "no axis"."""
    columns: list[str | None] = list(axes)
    for card in cards:
        if card.axis not in columns:
            columns.append(card.axis)
    if None in columns:  # "no axis" last
        columns.remove(None)
        columns.append(None)
    return columns


def board_order(card: CardRecord) -> tuple:
    return (not card.selected, card.rank or 10_000, -card.votes, card.id)


class ResultsBoard(QWidget):
    def __init__(self, parent: QWidget | None = None, projector: bool = False):
        super().__init__(parent)
        self.projector = projector
        self.cards: list[CardRecord] = []
        self.axes: tuple[str, ...] = ()
        self.selected_only = False
        #: The cards' type size in pixels, set by the projector from its screen's height.
        self.text_px: int | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(300, 200)
        self.setAutoFillBackground(False)

    def set_cards(self, cards: Sequence[CardRecord], axes: Sequence[str] = ()) -> None:
        self.cards = list(cards)
        self.axes = tuple(axes)
        self.update()

    def shown_cards(self) -> list[CardRecord]:
        cards = [c for c in self.cards if c.selected] if self.selected_only else self.cards
        return sorted(cards, key=board_order)

    # --- painting ------------------------------------------------------------------------
    def _text_px(self) -> int:
        if self.text_px:
            return self.text_px
        return max(11, QFontMetrics(self.font()).height() - 3)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        background = QColor("#000000") if self.projector else self.palette().base().color()
        foreground = QColor("#ffffff") if self.projector else self.palette().text().color()
        painter.fillRect(self.rect(), background)
        cards = self.shown_cards()
        px = self._text_px()
        margin = max(6, px // 2)
        if not cards:
            font = QFont(self.font())
            font.setPixelSize(px)
            painter.setFont(font)
            painter.setPen(foreground)
            painter.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                _("No selected card yet.") if self.selected_only else _("No card yet."),
            )
            return
        columns = board_columns(cards, self.axes)
        width = (self.width() - margin) / len(columns)
        header_font = QFont(self.font())
        header_font.setPixelSize(int(px * 1.1))
        header_font.setBold(True)
        card_font = QFont(self.font())
        card_font.setPixelSize(px)
        header_metrics = QFontMetrics(header_font)
        card_metrics = QFontMetrics(card_font)
        header_height = header_metrics.height() * 2 + margin
        for number, axis in enumerate(columns):
            left = margin + number * width
            inner = width - margin
            painter.setFont(header_font)
            painter.setPen(foreground)
            painter.drawText(
                QRectF(left, margin / 2, inner, header_height),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                axis if axis is not None else _("No axis"),
            )
            top = margin / 2 + header_height
            painter.setFont(card_font)
            in_column = [c for c in cards if c.axis == axis]
            for shown, card in enumerate(in_column):
                text = f"{card.rank}. {card.text}" if card.selected and card.rank else card.text
                bound = card_metrics.boundingRect(
                    0, 0, int(inner - 2 * margin), 10_000, int(Qt.TextFlag.TextWordWrap), text
                )
                height = min(bound.height(), card_metrics.height() * 3) + margin
                rest = len(in_column) - shown
                if top + height > self.height() - card_metrics.height() - margin and rest > 1:
                    painter.setPen(foreground)
                    painter.drawText(
                        QRectF(left, top, inner, card_metrics.height() + margin),
                        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                        ngettext("+ {n} more card", "+ {n} more cards", rest).format(n=rest),
                    )
                    break
                box = QRectF(left, top, inner, height)
                painter.setBrush(
                    CATEGORY_COLOURS.get(card.category, CATEGORY_COLOURS[CardCategory.NONE])
                )
                if card.selected:
                    painter.setPen(QPen(SELECTED_BORDER, max(3, px // 8)))
                else:
                    painter.setPen(Qt.PenStyle.NoPen)
                painter.drawRoundedRect(box, margin / 2, margin / 2)
                painter.setPen(QColor("#ffffff"))
                painter.drawText(
                    box.adjusted(margin, margin / 2, -margin, -margin / 2),
                    Qt.AlignmentFlag.AlignLeft
                    | Qt.AlignmentFlag.AlignVCenter
                    | Qt.TextFlag.TextWordWrap,
                    text,
                )
                top += height + margin / 2
        painter.end()
