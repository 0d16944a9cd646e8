"""Pictures of the import wizard, one per step, for ``scripts/screenshots.py`` (``make
screenshots``) and for looking at them while building.

``render_import_screens(ctx, folder)`` runs the wizard for real on a small Excel-style list
(cp1252, ';', one bad e-mail, two people already known): it writes people into ``ctx.db``, so the
screenshot script hands it a database of its own. It needs a QApplication; it returns the PNGs.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget, QWizard

from smartdesk.services import people
from smartdesk.ui import tasks
from smartdesk.ui.context import AppContext
from smartdesk.ui.dialogs.import_wizard import ImportWizard

SAMPLE = (
    "Nom;Prénom;Fonction;Organisation;Commune;Courriel;GSM\r\n"
    "Collard;Véronique;Directrice générale;Administration communale;Héron;v.collard@heron.be;0476 55 44 33\r\n"
    "Lhoest;Benoît;Bourgmestre;Administration communale;Wanze;benoit.lhoest@wanze.be;\r\n"
    "Gillet;Françoise;Trésorière;Jeunesse de Couthuin asbl;Héron;francoise.gillet@gmail.com;\r\n"
    'Stassart;Jérémy;Gérant;"Ferme Stassart; produits locaux";Braives;contact@ferme-stassart.be;019 69 12 34\r\n'
    "Pâquet;Léa;Animatrice;Bibliothèque communale;Burdinne;lea.paquet@burdinne.be;\r\n"
    "Van Hove;Els;Zaakvoerder;Bakkerij Van Hove;Wanze;els@vanhove.be;\r\n"
    "Delcour;Stéphane;;;Villers-le-Bouillet;stephane.delcour@;\r\n"
    "Wéry;Anne;Échevine;Administration communale;Braives;anne.wery@braives.be;085 71 12 00\r\n"
)  # fmt: skip


def _wait(until) -> None:
    deadline = time.monotonic() + 30
    while not until():
        QApplication.processEvents()
        if time.monotonic() > deadline:
            raise RuntimeError("the import wizard did not finish a step in 30 s")
        time.sleep(0.01)


def _idle() -> bool:
    return tasks.running_tasks() == 0


def _next(wizard: ImportWizard) -> None:
    button = wizard.button(QWizard.WizardButton.NextButton)
    if not button.isVisible():
        button = wizard.button(QWizard.WizardButton.CommitButton)
    _wait(button.isEnabled)
    button.click()
    _wait(_idle)


def _save(widget: QWidget, path: Path) -> Path:
    QApplication.processEvents()
    widget.grab().save(str(path))
    return path


def render_import_screens(ctx: AppContext, folder: Path | str) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "liste_contacts.csv"
    source.write_bytes(SAMPLE.encode("cp1252"))
    if not people.search(ctx.db, "van hove"):
        people.create(
            ctx.db, first_name="Els", last_name="Van Hove", email="els@vanhove.be", commune="Wanze"
        )
        people.create(ctx.db, first_name="Benoît", last_name="Lhoest", commune="Wanze")
    wizard = ImportWizard(ctx)
    wizard.show()
    written = []
    try:
        page = wizard.file_page
        page.path_edit.setText(str(source))
        page.read(str(source), None)
        _wait(lambda: _idle() and wizard.table is not None)
        written.append(_save(wizard, folder / "import_1_file.png"))
        _next(wizard)
        written.append(_save(wizard, folder / "import_2_rows.png"))
        _next(wizard)
        written.append(_save(wizard, folder / "import_3_mapping.png"))
        _next(wizard)
        check = wizard.check_page
        check.dup_view.selectRow(0)
        check.choose_selected("update")
        check.dup_view.clearSelection()
        written.append(_save(wizard, folder / "import_4_check.png"))
        check.skip_bad.setChecked(True)
        _next(wizard)
        written.append(_save(wizard, folder / "import_5_import.png"))
        _next(wizard)
        written.append(_save(wizard, folder / "import_6_report.png"))
    finally:
        wizard.close()
        wizard.deleteLater()
        source.unlink(missing_ok=True)
        QApplication.processEvents()
    return written
