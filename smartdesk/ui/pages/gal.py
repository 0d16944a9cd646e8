"""GAL et exports: the key figures of a period as numbers and bar charts, the exports (summary
workbook, calendar, CSV lists) and, at the GAL, the consolidation of the communes' workbooks.

The figures are ``services.stats.statistics`` computed in the background (a whole-database
aggregate: seconds on a big file); a newer request supersedes an older one still running, so
changing the period quickly never shows stale figures.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from smartdesk.domain.records import Statistics
from smartdesk.i18n import _, format_date, format_hours, format_number
from smartdesk.services import stats
from smartdesk.ui import clock, errors
from smartdesk.ui.bar_chart import Bar, BarChart
from smartdesk.ui.context import AppContext
from smartdesk.ui.dialogs.session_editor import date_format
from smartdesk.ui.pages.base import Page
from smartdesk.ui.pages.gal_consolidation import ConsolidationPanel
from smartdesk.ui.pages.gal_exports import ExportsPanel

#: The LEADER programme period of the CAP strategic plan 2023–2027.
LEADER_PERIOD = (dt.date(2023, 1, 1), dt.date(2027, 12, 31))

#: The period choices, in the order of the combo box.
THIS_YEAR, LAST_YEAR, LEADER, ALL_TIME, CUSTOM = range(5)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class PeriodChooser(QWidget):
    """This year, last year, the LEADER period, all time or two dates of one's own."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.choice = QComboBox(self)
        self.choice.setObjectName("period_choice")
        self.choice.addItems(
            [
                _("This year"),
                _("Last year"),
                _("LEADER programme 2023–2027"),
                _("All time"),
                _("Dates of my choice"),
            ]
        )
        label = QLabel(_("&Period:"), self)
        label.setBuddy(self.choice)
        self.date_from = QDateEdit(self)
        self.date_from.setObjectName("period_from")
        self.date_to = QDateEdit(self)
        self.date_to.setObjectName("period_to")
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(date_format())  # the event editor's: 01.01.2020 in German
        layout.addWidget(label)
        layout.addWidget(self.choice)
        from_label = QLabel(_("from"), self)
        from_label.setBuddy(self.date_from)
        to_label = QLabel(_("to"), self)
        to_label.setBuddy(self.date_to)
        layout.addWidget(from_label)
        layout.addWidget(self.date_from)
        layout.addWidget(to_label)
        layout.addWidget(self.date_to)
        layout.addStretch(1)
        self.choice.currentIndexChanged.connect(self._chosen)
        self._chosen(THIS_YEAR)

    def _chosen(self, index: int) -> None:
        today = clock.today()
        bounds = {
            THIS_YEAR: (dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)),
            LAST_YEAR: (dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)),
            LEADER: LEADER_PERIOD,
        }.get(index)
        custom = index == CUSTOM
        self.date_from.setEnabled(custom)
        self.date_to.setEnabled(custom)
        if bounds is not None:
            for edit, day in zip((self.date_from, self.date_to), bounds, strict=True):
                edit.blockSignals(True)
                edit.setDate(_qdate(day))
                edit.blockSignals(False)

    def period(self) -> tuple[dt.date | None, dt.date | None]:
        """The inclusive days chosen (None, None for all time)."""
        if self.choice.currentIndex() == ALL_TIME:
            return None, None
        return _pydate(self.date_from.date()), _pydate(self.date_to.date())

    def describe(self) -> str:
        date_from, date_to = self.period()
        if date_from is None or date_to is None:
            return _("all time")
        return _("from {start} to {end}").format(
            start=format_date(date_from), end=format_date(date_to)
        )


def _sorted(figures: dict, label) -> list[Bar]:
    """Largest first, then by name; ``label(key)`` is what the user reads."""
    bars = [Bar(label(key), (float(n),)) for key, n in figures.items()]
    return sorted(bars, key=lambda b: (-b.total, b.label.casefold()))


def _sector(sector) -> str:
    return _(sector.label) if sector is not None else _("No sector")


def _commune(name) -> str:
    return name or _("No commune")


def _axis(name) -> str:
    return name or _("No axis")


class KeyFigures(QWidget):
    """The numbers in a row of tiles, then the charts two by two."""

    TILES = ("held", "planned", "participations", "people", "hours", "cards")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        tiles = QGridLayout()
        self.values: dict[str, QLabel] = {}
        # the same words as the summary workbook's Synthèse, so the two read alike
        captions = {
            "held": _("Events held"),
            "planned": _("Events planned"),
            "participations": _("Participations (people present)"),
            "people": _("Unique people reached"),
            "hours": _("Training hours"),
            "cards": _("Cards selected"),
        }
        # participations and unique people are easily read one for the other: say which is which
        tips = {
            "held": _("Events marked as held; cancelled events count nowhere."),
            "planned": _("Events not held yet: they are not counted as held."),
            "participations": _(
                "Each presence counts: a person present at five events is five participations."
            ),
            "people": _("Each person present at least once, counted once."),
        }
        for i, key in enumerate(self.TILES):
            tile = QFrame(self)
            tile.setFrameShape(QFrame.Shape.StyledPanel)
            box = QVBoxLayout(tile)
            value = QLabel("–", tile)
            value.setObjectName(f"figure_{key}")
            font = value.font()
            font.setPointSizeF(font.pointSizeF() * 2)
            font.setBold(True)
            value.setFont(font)
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption = QLabel(captions[key], tile)
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption.setWordWrap(True)
            if key in tips:
                tile.setToolTip(tips[key])
            box.addWidget(value)
            box.addWidget(caption)
            tiles.addWidget(tile, 0, i)
            self.values[key] = value
        layout.addLayout(tiles)
        self.state = QLabel(self)
        self.state.setObjectName("figures_state")
        layout.addWidget(self.state)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        self.charts: dict[str, BarChart] = {}
        for i, key in enumerate(
            (
                "events",
                "cards",
                "participations_sector",
                "people_sector",
                "participations_commune",
                "people_commune",
            )
        ):
            chart = BarChart(self)
            chart.setObjectName(f"chart_{key}")
            grid.addWidget(chart, i // 2, i % 2, Qt.AlignmentFlag.AlignTop)
            self.charts[key] = chart
        layout.addLayout(grid)
        layout.addStretch(1)

    def show_figures(self, s: Statistics, period: str) -> None:
        held = sum(s.events_held_by_kind.values())
        planned = sum(s.events_planned_by_kind.values())
        self.values["held"].setText(format_number(held))
        self.values["planned"].setText(format_number(planned))
        self.values["participations"].setText(format_number(s.participations))
        self.values["people"].setText(format_number(s.unique_people))
        self.values["hours"].setText(format_hours(s.training_hours))
        self.values["cards"].setText(format_number(sum(s.selected_cards_by_axis.values())))
        self.state.setText(_("Key figures, {period}.").format(period=period))
        none = _("Nothing in this period.")
        kinds = sorted(
            s.events_by_kind,
            key=lambda k: (-s.events_by_kind[k], _(k.label).casefold()),
        )
        self.charts["events"].set_data(
            _("Events by kind"),
            [
                Bar(
                    _(k.label),
                    (
                        float(s.events_held_by_kind.get(k, 0)),
                        float(s.events_planned_by_kind.get(k, 0)),
                    ),
                )
                for k in kinds
            ],
            series=(_("held"), _("planned")),
            empty_text=none,
        )
        self.charts["cards"].set_data(
            _("Cards selected by axis"), _sorted(s.selected_cards_by_axis, _axis), empty_text=none
        )
        self.charts["participations_sector"].set_data(
            _("Participations by sector"),
            _sorted(s.participants_by_sector, _sector),
            empty_text=none,
        )
        self.charts["people_sector"].set_data(
            _("Unique people by sector"), _sorted(s.people_by_sector, _sector), empty_text=none
        )
        self.charts["participations_commune"].set_data(
            _("Participations by commune"),
            _sorted(s.participants_by_commune, _commune),
            empty_text=none,
        )
        self.charts["people_commune"].set_data(
            _("Unique people by commune"), _sorted(s.people_by_commune, _commune), empty_text=none
        )


class GalPage(Page):
    key = "gal"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.figures: Statistics | None = None
        self.task: Any = None  # the latest computation (tests and the benchmark wait on it)
        self._request = 0
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.period = PeriodChooser(self)
        top.addWidget(self.period, 1)
        self.compute_button = QPushButton(_("&Update the figures"), self)
        self.compute_button.setObjectName("compute_figures")
        self.compute_button.clicked.connect(self.compute)
        top.addWidget(self.compute_button)
        self.import_button = QPushButton(_("&Import a list of people…"), self)
        self.import_button.setObjectName("import_people")
        self.import_button.clicked.connect(self.import_people)
        top.addWidget(self.import_button)
        layout.addLayout(top)

        self.tabs = QTabWidget(self)
        self.key_figures = KeyFigures(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.key_figures)
        self.tabs.addTab(scroll, _("&Key figures"))
        self.exports = ExportsPanel(ctx, self.period, self)
        self.tabs.addTab(self.exports, _("E&xports"))
        self.consolidation = ConsolidationPanel(ctx, self)
        self.tabs.addTab(self.consolidation, _("&Consolidation"))
        layout.addWidget(self.tabs, 1)

        self.period.choice.currentIndexChanged.connect(lambda _i: self.compute())
        # Typed dates change at every keystroke: compute once the typing pauses.
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(400)
        self._typing.timeout.connect(self.compute)
        self.period.date_from.dateChanged.connect(lambda _d: self._typing.start())
        self.period.date_to.dateChanged.connect(lambda _d: self._typing.start())
        ctx.changed.connect(self._data_changed)
        self._stale = True

    def title(self) -> str:
        return _("GAL and exports")

    def refresh(self) -> None:
        if self._stale:
            self.compute()
        self.consolidation.refresh()

    def open(self, **kwargs: Any) -> None:
        """``section="exports"`` (File ▸ Export…) or ``"consolidation"`` shows that tab."""
        section = kwargs.get("section")
        tabs = {"figures": 0, "exports": 1, "consolidation": 2}
        if section in tabs:
            self.tabs.setCurrentIndex(tabs[section])
        self.refresh()

    def _data_changed(self, _what: str) -> None:
        self._stale = True
        if self.isVisible():
            self.compute()

    def compute(self) -> None:
        """The key figures of the chosen period, in the background."""
        self._stale = False
        self._request += 1
        request = self._request
        date_from, date_to = self.period.period()
        described = self.period.describe()
        self.key_figures.state.setText(_("Computing the key figures…"))

        def shown(figures: Statistics) -> None:
            if request != self._request:
                return  # the period changed meanwhile: a newer computation is on its way
            self.figures = figures
            self.key_figures.show_figures(figures, described)

        def failed(exc: BaseException) -> None:
            if request == self._request:
                self.key_figures.state.setText(_("The key figures could not be computed."))
                errors.show_unexpected(self, exc)

        self.task = self.ctx.run(
            self, stats.statistics, date_from, date_to, on_success=shown, on_failure=failed
        )

    def import_people(self) -> None:
        try:
            from smartdesk.ui.dialogs.import_wizard import run_import_wizard
        except ImportError:
            errors.show_error(
                self,
                _(
                    "The import wizard is not part of this version yet. Until then, the command "
                    "“smartdesk import people FILE” imports a list of people."
                ),
            )
            return
        run_import_wizard(self, self.ctx)
