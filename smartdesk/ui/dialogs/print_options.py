"""The left side of the print dialog: the options each document offers, as a form that emits
``changed`` and gives back the options dataclass of reports (through services.printing).

Defaults come from the settings (document language, blank rows) and may be overridden by the
caller (``open_print_dialog(..., landscape=True)``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from smartdesk.domain.records import OrganisationSettings
from smartdesk.i18n import _, get_locale, ngettext
from smartdesk.ui import clock
from smartdesk.ui.form_fields import language_combo, qt_date_format

PERSON_ROLE = Qt.ItemDataRole.UserRole + 1


class OptionsForm(QWidget):
    """The options of one document kind. ``options()`` → (options dataclass, extra keywords of
    ``printing.document``)."""

    changed = Signal()

    def __init__(
        self,
        ctx: Any,
        kind: str,
        record_id: int,
        current: OrganisationSettings,
        initial: dict[str, Any],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("print_options")
        self.ctx, self.kind, self.record_id = ctx, kind, record_id
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        lang = initial.get("lang") or current.document_language or get_locale().split("_")[0]
        self.language = language_combo(lang)
        self.language.setObjectName("option_language")
        self._row(_("&Language:"), self.language)
        getattr(self, f"_build_{kind}")(current, initial)

    # --- small builders -----------------------------------------------------------------------

    def _row(self, label: str, widget: QWidget) -> QWidget:
        self.form.addRow(label, widget)
        if isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(self.changed)
        elif isinstance(widget, QSpinBox):
            widget.valueChanged.connect(self.changed)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(self.changed)
        elif isinstance(widget, QLineEdit):
            widget.textChanged.connect(self.changed)
        elif isinstance(widget, QDateEdit):
            widget.dateChanged.connect(self.changed)
        return widget

    def _check(self, name: str, text: str, checked: bool) -> QCheckBox:
        box = QCheckBox(text)
        box.setObjectName(f"option_{name}")
        box.setChecked(checked)
        self._row("", box)
        return box

    def _spin(self, name: str, label: str, value: int, maximum: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setObjectName(f"option_{name}")
        spin.setRange(0, maximum)
        spin.setValue(value)
        self._row(label, spin)
        return spin

    def _choice(self, name: str, label: str, items: list[tuple[str, Any]], value: Any) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(f"option_{name}")
        for text, data in items:
            combo.addItem(text, data)
        combo.setCurrentIndex(max(combo.findData(value), 0))
        self._row(label, combo)
        return combo

    # --- each document ------------------------------------------------------------------------

    def _build_attendance(self, current: OrganisationSettings, initial: dict[str, Any]) -> None:
        self.landscape = self._check(
            "landscape", _("Lan&dscape (wider columns)"), bool(initial.get("landscape"))
        )
        self.names = self._check(
            "names", _("Print the &names of registered people"), not initial.get("no_names")
        )
        self.blank_rows = self._spin(
            "blank_rows",
            _("&Blank rows:"),
            int(initial.get("blank_rows", current.default_blank_rows)),
            200,
        )
        self.order = self._choice(
            "order",
            _("&Order:"),
            [(_("By last name"), "name"), (_("In order of registration"), "registration")],
            initial.get("order", "name"),
        )
        self.emails = self._check(
            "emails", _("Print the &e-mail addresses"), bool(initial.get("emails"))
        )
        self.certified = self._check(
            "certified",
            _("“&Certified true” box for the organiser"),
            bool(initial.get("certified")),
        )
        self.qr_codes = self._check(
            "qr_codes", _("&QR codes for check-in at the door"), bool(initial.get("qr_codes"))
        )
        for box in (self.order, self.emails, self.qr_codes):
            self.names.toggled.connect(box.setEnabled)
            box.setEnabled(self.names.isChecked())

    def _build_badges(self, current: OrganisationSettings, initial: dict[str, Any]) -> None:
        self.layout_choice = self._choice(
            "layout",
            _("La&yout:"),
            [
                (_("8 labels per page (2 × 4)"), "2x4"),
                (_("10 labels per page (2 × 5)"), "2x5"),
                (_("Folded table tents (A6)"), "tent"),
            ],
            initial.get("layout", "2x4"),
        )
        self.blank = self._spin("blank", _("&Blank badges:"), int(initial.get("blank", 0)), 200)
        self.qr_codes = self._check(
            "qr_codes", _("&QR codes for check-in at the door"), bool(initial.get("qr_codes"))
        )
        self.layout_choice.currentIndexChanged.connect(
            lambda _i: self.qr_codes.setEnabled(self.layout_choice.currentData() != "tent")
        )
        self.qr_codes.setEnabled(self.layout_choice.currentData() != "tent")

    def _build_agenda(self, current: OrganisationSettings, initial: dict[str, Any]) -> None:
        pass  # the programme has no option besides its language

    def _build_cards(self, current: OrganisationSettings, initial: dict[str, Any]) -> None:
        self.filled = self._check(
            "filled", _("Print the &typed cards"), bool(initial.get("filled"))
        )
        self.per_page = self._choice(
            "per_page",
            _("Cards per &page:"),
            [(_("4 (A6 cards)"), 4), (_("6 (smaller cards)"), 6)],
            initial.get("per_page", 4),
        )
        self.count = self._spin(
            "count", _("Blank cards per &colour:"), int(initial.get("count", 0)), 500
        )
        self.count.setSpecialValueText(_("One page of each"))
        self.colour_by = self._choice(
            "colour_by",
            _("Colour &band:"),
            [
                (_("Automatic"), "auto"),
                (_("By category"), "category"),
                (_("By axis"), "axis"),
            ],
            initial.get("colour_by", "auto"),
        )
        self.filled.toggled.connect(lambda on: self.count.setEnabled(not on))
        self.count.setEnabled(not self.filled.isChecked())

    def _build_results(self, current: OrganisationSettings, initial: dict[str, Any]) -> None:
        self.top_n = self._spin(
            "top_n", _("Selected cards per &group:"), int(initial.get("top_n") or 0), 50
        )
        self.top_n.setSpecialValueText(_("As set in the workshop"))
        self.facilitator = QLineEdit(initial.get("facilitator") or "")
        self.facilitator.setObjectName("option_facilitator")
        self.facilitator.setPlaceholderText(_("Who ran the workshop"))
        self._row(_("&Facilitator:"), self.facilitator)

    def _build_certificates(self, current: OrganisationSettings, initial: dict[str, Any]) -> None:
        issued = initial.get("issued_on") or clock.today()
        self.issued_on = QDateEdit(QDate(issued.year, issued.month, issued.day))
        self.issued_on.setObjectName("option_issued_on")
        self.issued_on.setCalendarPopup(True)
        self.issued_on.setDisplayFormat(qt_date_format())
        self._row(_("&Issued on:"), self.issued_on)
        self.place = QLineEdit(initial.get("place") or current.commune)
        self.place.setObjectName("option_place")
        self.place.setPlaceholderText(_("e.g. Braives"))
        self._row(_("Issued i&n:"), self.place)

        self.everyone = QRadioButton(_("&Everyone who attended"))
        self.everyone.setObjectName("option_everyone")
        self.selected = QRadioButton(_("&Selected people:"))
        self.selected.setObjectName("option_selected")
        group = QButtonGroup(self)
        group.addButton(self.everyone)
        group.addButton(self.selected)
        chosen = initial.get("person_ids")
        (self.selected if chosen is not None else self.everyone).setChecked(True)
        self.people = QStandardItemModel(self)
        self.people_view = QListView()
        self.people_view.setObjectName("option_people")
        self.people_view.setModel(self.people)
        self.people_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.people_view.setMinimumHeight(160)
        self.select_all = QPushButton(_("All"))
        self.select_none = QPushButton(_("None"))
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.everyone)
        column.addWidget(self.selected)
        column.addWidget(self.people_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.select_all)
        buttons.addWidget(self.select_none)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.form.addRow(_("People:"), box)
        self.everyone.toggled.connect(self._people_mode)
        self.people.itemChanged.connect(lambda _item: self._people_changed())
        self.select_all.clicked.connect(lambda: self._tick_all(True))
        self.select_none.clicked.connect(lambda: self._tick_all(False))
        for widget in (self.people_view, self.select_all, self.select_none):
            widget.setEnabled(self.selected.isChecked())
        self._initial_people = set(chosen or ())
        self.people_loaded = False
        self._filling = False
        from smartdesk.services import trainings

        self.ctx.run(self, trainings.certificates, self.record_id, on_success=self._fill_people)

    def _fill_people(self, items: list) -> None:
        if not isValid(self):
            return
        self._filling = True
        for item in items:
            person = item.person
            row = QStandardItem(f"{person.last_name.upper()} {person.first_name}".strip())
            row.setCheckable(True)
            row.setData(person.id, PERSON_ROLE)
            ticked = person.id in self._initial_people or not self._initial_people
            row.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.people.appendRow(row)
        self._filling = False
        self.people_loaded = True
        self.selected.setText(
            ngettext(
                "&Selected people ({n} attended):", "&Selected people ({n} attended):", len(items)
            ).format(n=len(items))
        )

    def _people_mode(self) -> None:
        self.people_view.setEnabled(self.selected.isChecked())
        self.select_all.setEnabled(self.selected.isChecked())
        self.select_none.setEnabled(self.selected.isChecked())
        self.changed.emit()

    def _people_changed(self) -> None:
        if self.selected.isChecked() and not self._filling:
            self.changed.emit()

    def _tick_all(self, on: bool) -> None:
        self._filling = True  # one change for the whole list, not one per person
        for row in range(self.people.rowCount()):
            self.people.item(row).setCheckState(
                Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
            )
        self._filling = False
        self._people_changed()

    def chosen_people(self) -> list[int] | None:
        if self.everyone.isChecked():
            return None
        if not self.people_loaded:
            # The first PDF is built before the list is read: the people the caller chose.
            return sorted(self._initial_people)
        items = (self.people.item(r) for r in range(self.people.rowCount()))
        return [int(i.data(PERSON_ROLE)) for i in items if i.checkState() == Qt.CheckState.Checked]

    # --- the result ---------------------------------------------------------------------------

    def options(self) -> tuple[Any, dict[str, Any]]:
        from smartdesk.services import printing  # reportlab loads with the first document

        lang = self.language.currentData()
        if self.kind == "attendance":
            return printing.SignInOptions(
                landscape=self.landscape.isChecked(),
                blank_rows=self.blank_rows.value(),
                order=self.order.currentData(),
                no_names=not self.names.isChecked(),
                lang=lang,
                emails=self.emails.isChecked(),
                certified=self.certified.isChecked(),
                qr_codes=self.qr_codes.isChecked(),
            ), {}
        if self.kind == "badges":
            return printing.BadgeOptions(
                layout=self.layout_choice.currentData(),
                blank=self.blank.value(),
                lang=lang,
                qr_codes=self.qr_codes.isChecked(),
            ), {}
        if self.kind == "agenda":
            return printing.AgendaOptions(lang=lang, today=clock.today()), {}
        if self.kind == "cards":
            return printing.CardOptions(
                per_page=self.per_page.currentData(),
                count=self.count.value(),
                colour_by=self.colour_by.currentData(),
                lang=lang,
            ), {"filled": self.filled.isChecked()}
        if self.kind == "results":
            return printing.ResultsOptions(
                top_n=self.top_n.value() or None,
                lang=lang,
                facilitator=self.facilitator.text().strip() or None,
            ), {}
        issued = self.issued_on.date()
        return printing.CertificateOptions(
            lang=lang,
            issued_on=dt.date(issued.year(), issued.month(), issued.day()),
            place=self.place.text().strip() or None,
        ), {"person_ids": self.chosen_people()}


def hint(kind: str) -> QLabel | None:
    """A line under the options where a document needs explaining."""
    texts = {
        "attendance": _("Blank rows are for people who come without registering; they sign there."),
        "badges": _(
            "Label sheets print at actual size: keep “Actual size” in the printer’s settings."
        ),
    }
    if kind not in texts:
        return None
    label = QLabel(texts[kind])
    label.setWordWrap(True)
    label.setStyleSheet("color: #555;")
    return label
