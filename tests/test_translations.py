"""The French, Dutch and German catalogs are complete, well-formed and loaded by ``smartdesk.i18n``.

Every message of ``translations/smartdesk.pot`` (refreshed with ``make po``) must have a
translation in each catalog, with exactly the placeholders of the English source, both plural
forms, the menu accelerator, and no fuzzy flag left by a merge.
"""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from smartdesk import i18n

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
POT = TRANSLATIONS / "smartdesk.pot"
CATALOGS = {
    "fr": ("fr_BE", "nplurals=2; plural=(n > 1);"),
    "nl": ("nl_BE", "nplurals=2; plural=(n != 1);"),
    "de": ("de_BE", "nplurals=2; plural=(n != 1);"),
}


def _read(path: Path, locale: str | None = None):
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def _key(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _fields(text: str) -> set[str]:
    """Names of the ``str.format`` placeholders (``{name}``, ``{n}`` …) a message uses."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _forms(message) -> list[str]:
    return [message.string] if isinstance(message.id, str) else list(message.string)


@pytest.fixture(scope="module")
def template():
    return {_key(m): m for m in _read(POT) if m.id}


@pytest.fixture(scope="module", params=sorted(CATALOGS))
def catalog(request):
    lang = request.param
    return lang, _read(TRANSLATIONS / lang / "LC_MESSAGES" / "smartdesk.po", lang)


def test_header_names_the_belgian_locale_and_its_plural_rule(catalog):
    lang, cat = catalog
    locale, plural_forms = CATALOGS[lang]
    assert str(cat.locale) == locale
    assert cat.plural_forms == plural_forms


def test_every_template_message_is_translated(template, catalog):
    lang, cat = catalog
    translated = {_key(m): m for m in cat if m.id}
    missing = [
        key
        for key, source in template.items()
        if key not in translated
        or translated[key].id != source.id
        or not all(_forms(translated[key]))
    ]
    assert not missing, f"{lang}: untranslated messages (run `make po`, then translate): {missing}"


def test_no_fuzzy_translation(catalog):
    lang, cat = catalog
    fuzzy = [_key(m) for m in cat if m.id and m.fuzzy]
    assert not fuzzy, f"{lang}: fuzzy messages: {fuzzy}"


def test_plural_messages_have_both_forms(template, catalog):
    lang, cat = catalog
    for message in cat:
        if message.id and not isinstance(message.id, str):
            assert len(message.string) == 2, f"{lang}: {message.id[0]!r}"
            assert all(message.string), f"{lang}: {message.id[0]!r}"
    plurals = {key for key, m in template.items() if not isinstance(m.id, str)}
    assert plurals <= {_key(m) for m in cat if m.id and not isinstance(m.id, str)}


def test_placeholders_match_the_english_source(catalog):
    lang, cat = catalog
    wrong = []
    for message in cat:
        if not message.id:
            continue
        sources = [message.id] if isinstance(message.id, str) else list(message.id)
        allowed = [_fields(s) for s in sources]
        for form in _forms(message):
            if form and _fields(form) not in allowed:
                wrong.append((_key(message), form))
    assert not wrong, f"{lang}: placeholders differ from the English source: {wrong}"


#: argparse writes "heading:" itself; French puts a no-break space before the colon, so its
#: translations of these headings may end with one.
ARGPARSE_HEADINGS = {"positional arguments", "options"}


def test_menu_accelerators_and_line_breaks_are_kept(catalog):
    lang, cat = catalog
    for message in cat:
        if not message.id:
            continue
        source = _key(message)
        for form in _forms(message):
            assert form.count("&") == source.count("&"), f"{lang}: {source!r} → {form!r}"
            assert form.count("\n") == source.count("\n"), f"{lang}: {source!r} → {form!r}"
            if source in ARGPARSE_HEADINGS and lang == "fr":
                form = form.removesuffix("\u00a0")
            assert form == form.strip() or source != source.strip(), f"{lang}: {form!r}"


def test_i18n_serves_french_for_fr_be():
    text = i18n.translations("fr_BE").gettext("Error: {message}")
    assert text != "Error: {message}"
    assert text.startswith("Erreur")
    assert text.format(message="x").endswith("x")


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("fr_BE", "Fichier"), ("nl_BE", "Bestand"), ("de_BE", "Datei")],
)
def test_i18n_serves_each_language(locale, expected):
    assert i18n.translations(locale).gettext("&File").replace("&", "") == expected


def test_plural_rules_follow_each_language():
    # French: 0 and 1 take the singular form; Dutch and German: only 1 does.
    fr, nl, de = (i18n.translations(loc) for loc in ("fr_BE", "nl_BE", "de_BE"))
    assert [fr.plural(n) for n in (0, 1, 2, 10)] == [0, 0, 1, 1]
    for cat in (nl, de):
        assert [cat.plural(n) for n in (0, 1, 2, 10)] == [1, 0, 1, 1]


@pytest.mark.parametrize("locale", ["nl_BE", "de_BE"])
def test_every_kind_of_event_reads_in_the_language(locale):
    # A Dutch or German sheet once said "Midi du Smart": the French name of the GAL's series.
    from smartdesk.domain.enums import EventKind

    catalog = i18n.translations(locale)
    french = i18n.translations("fr_BE")
    for kind in EventKind:
        text = catalog.gettext(kind.label)
        assert text != french.gettext(kind.label), (locale, kind)


def test_no_message_hides_inside_an_f_string():
    # pybabel extracts _("…") calls, but not those written inside an f-string: such a message
    # is never translated ("Certified true and correct" once printed in English on French sheets).
    import ast

    hidden = []
    for path in sorted((Path(i18n.__file__).parent).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Name)
                    and inner.func.id in {"_", "N_", "ngettext", "pgettext"}
                    and any(isinstance(a, ast.Constant) for a in inner.args)
                ):
                    hidden.append(f"{path.name}:{inner.lineno}")
    assert hidden == []


def test_french_puts_a_no_break_space_before_double_punctuation():
    """French typography: « : ; ? ! » take a space before them that never breaks the line (an
    ordinary one would leave a lone colon at the start of a wrapped line)."""
    import re

    cat = _read(TRANSLATIONS / "fr" / "LC_MESSAGES" / "smartdesk.po", "fr")
    wrong = [
        form
        for message in cat
        if message.id
        for form in _forms(message)
        if re.search(r" [:;?!]", form) or "« " in form or " »" in form
    ]
    assert not wrong, wrong
