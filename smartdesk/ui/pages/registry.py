"""Every page of the main window, in one list: the navigation, the Ctrl+1…8 shortcuts, the
View menu and the screenshots script all read it.

A page is named by ``"module:Class"`` and imported when first shown, so the window opens without
loading pages the user does not visit. To put a finished page in place of a placeholder, change
its line here (e.g. ``"smartdesk.ui.pages.people:PeoplePage"``); nothing else moves.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from smartdesk.i18n import N_


@dataclass(frozen=True)
class PageEntry:
    key: str
    #: The name in the navigation (marked here, translated where shown).
    title: str
    #: ``"module:Class"`` of a ``Page`` subclass taking ``(ctx, parent)``.
    factory: str
    #: Pages reached from another page only (check-in and encoding of one event).
    in_navigation: bool = True


PAGES: list[PageEntry] = [
    PageEntry("home", N_("Home"), "smartdesk.ui.pages.home:HomePage"),
    PageEntry("events", N_("Events"), "smartdesk.ui.pages.events:EventsPage"),
    PageEntry("people", N_("People"), "smartdesk.ui.pages.people:PeoplePage"),
    PageEntry(
        "organisations", N_("Organisations"), "smartdesk.ui.pages.organisations:OrganisationsPage"
    ),
    PageEntry("trainings", N_("Trainings"), "smartdesk.ui.pages.trainings:TrainingsPage"),
    PageEntry("workshops", N_("Workshops"), "smartdesk.ui.pages.workshops:WorkshopsPage"),
    PageEntry("gal", N_("GAL and exports"), "smartdesk.ui.pages.gal:GalPage"),
    PageEntry("settings", N_("Settings"), "smartdesk.ui.pages.settings:SettingsPage"),
    PageEntry(
        "checkin",
        N_("Check-in"),
        "smartdesk.ui.pages.checkin:CheckInPage",
        in_navigation=False,
    ),
    PageEntry(
        "encode",
        N_("Encode the signed sheet"),
        "smartdesk.ui.pages.encode:EncodePage",
        in_navigation=False,
    ),
]


def entry(key: str) -> PageEntry:
    for page in PAGES:
        if page.key == key:
            return page
    raise KeyError(key)


def page_class(page: PageEntry) -> type:
    module, _sep, name = page.factory.partition(":")
    return getattr(importlib.import_module(module), name)
