"""Pictures of the Personnes and Organisations pages and their dialogs, for
``scripts/screenshots.py`` (``make screenshots``) and for looking at them while building.

``render_people_screens(ctx, folder)`` expects a database with the demonstration data
(services.demo.load_demo) and a QApplication; it writes PNG files and returns their paths."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog, QWidget

from smartdesk.services import organisations, people
from smartdesk.ui.context import AppContext
from smartdesk.ui.dialogs.merge_organisations import MergeOrganisationsDialog
from smartdesk.ui.dialogs.merge_people import MergePeopleDialog
from smartdesk.ui.dialogs.organisation_editor import OrganisationEditor
from smartdesk.ui.dialogs.person_editor import PersonEditor
from smartdesk.ui.pages.organisations import OrganisationsPage
from smartdesk.ui.pages.people import PeoplePage

PAGE_SIZE = (1140, 640)  # the page's share of a 1366×768 window beside the navigation


def _save(widget: QWidget, path: Path) -> Path:
    widget.show()
    QApplication.processEvents()
    widget.grab().save(str(path))
    return path


def _dialog(dialog: QDialog, path: Path) -> Path:
    saved = _save(dialog, path)
    dialog.reject()
    dialog.deleteLater()
    return saved


def render_people_screens(ctx: AppContext, folder: Path | str) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []

    page = PeoplePage(ctx)
    page.resize(*PAGE_SIZE)
    everyone = people.search_ids(ctx.db)
    if everyone:
        page.select_id(everyone[min(3, len(everyone) - 1)])
    shots.append(_save(page, folder / "people.png"))
    page.set_search("deb")
    shots.append(_save(page, folder / "people_search.png"))
    page.set_search("")

    with_history = max(everyone, key=lambda i: len(people.attendance_history(ctx.db, i)))
    editor = PersonEditor(ctx, with_history, page)
    shots.append(_save(editor, folder / "person_editor.png"))
    editor.tabs.setCurrentIndex(1)
    shots.append(_dialog(editor, folder / "person_history.png"))

    known = people.get(ctx.db, with_history)
    new = PersonEditor(ctx, None, page)
    new.first_name.setText(known.first_name)
    new.last_name.setText(known.last_name.upper())
    new.email.setText((known.email or "").upper())
    new.check_duplicates()
    shots.append(_dialog(new, folder / "person_duplicate.png"))

    if len(everyone) >= 2:
        merge = MergePeopleDialog(ctx, everyone[0], everyone[1], page)
        shots.append(_dialog(merge, folder / "merge_people.png"))
    page.close()
    page.deleteLater()

    orgs_page = OrganisationsPage(ctx)
    orgs_page.resize(*PAGE_SIZE)
    org_ids = organisations.search_ids(ctx.db)
    if org_ids:
        biggest = max(org_ids, key=lambda i: organisations.get(ctx.db, i).members)
        orgs_page.select_id(biggest)
        shots.append(_save(orgs_page, folder / "organisations.png"))
        shots.append(
            _dialog(OrganisationEditor(ctx, biggest, orgs_page), folder / "organisation_editor.png")
        )
        if len(org_ids) >= 2:
            other = next(i for i in org_ids if i != biggest)
            shots.append(
                _dialog(
                    MergeOrganisationsDialog(ctx, biggest, other, orgs_page),
                    folder / "merge_organisations.png",
                )
            )
    orgs_page.close()
    orgs_page.deleteLater()
    return shots
