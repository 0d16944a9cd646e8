"""The compiled catalogs are cached (compiling a .po costs more than the rest of a short command)
under the hash of the .po's bytes, so an edited catalog is never served from an old cache."""

from __future__ import annotations

import pytest

from smartdesk import i18n, paths

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

msgid "Home"
msgstr "{home}"
"""


@pytest.fixture
def catalog(tmp_path, monkeypatch):
    folder = tmp_path / "translations" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path / "translations")
    i18n.translations.cache_clear()
    yield folder / "smartdesk.po"
    i18n.translations.cache_clear()  # the real catalogs for the next tests


def _home(po, text: str) -> str:
    po.write_text(PO.format(home=text), encoding="utf-8")
    i18n.translations.cache_clear()  # as a new process would
    return i18n.translations("fr_BE").gettext("Home")


def test_a_compiled_catalog_is_cached_and_read_back_without_compiling(catalog, monkeypatch):
    assert _home(catalog, "Accueil") == "Accueil"
    cached = sorted(paths.cache_dir().glob("smartdesk-fr-*.mo"))
    assert len(cached) == 1
    import babel.messages.pofile

    def no_compiling(*args, **kwargs):
        raise AssertionError("the cached catalog should have been read")

    monkeypatch.setattr(babel.messages.pofile, "read_po", no_compiling)
    i18n.translations.cache_clear()
    assert i18n.translations("fr_BE").gettext("Home") == "Accueil"


def test_an_edited_catalog_is_never_served_from_the_old_cache(catalog):
    assert _home(catalog, "Accueil") == "Accueil"
    assert _home(catalog, "Page d’accueil") == "Page d’accueil"
    assert len(list(paths.cache_dir().glob("smartdesk-fr-*.mo"))) == 2


def test_a_damaged_cache_file_is_compiled_again(catalog):
    assert _home(catalog, "Accueil") == "Accueil"
    (cached,) = paths.cache_dir().glob("smartdesk-fr-*.mo")
    cached.write_bytes(b"\x00" * 10)
    assert _home(catalog, "Accueil") == "Accueil"
    assert cached.read_bytes() != b"\x00" * 10  # replaced by a good one


def test_an_unwritable_cache_still_serves_the_translation(catalog, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setattr(i18n, "cache_dir", lambda: blocker / "cache")
    assert _home(catalog, "Accueil") == "Accueil"
