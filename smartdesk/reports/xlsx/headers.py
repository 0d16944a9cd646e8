"""Column headers people write, in French, Dutch, German and English, and the field each names.

Headers are compared by :func:`header_key` (case, accents and punctuation ignored). Each known
header carries a strength (1 = surely … 5 = only a word in it), so that when a file has several
candidates the best wins: Outlook's "Job Title" beats its "Title" (a courtesy title), "Mobile
Phone" beats "Business Phone", which beats "Home Phone".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from smartdesk.domain.text import strip_accents

FIELDS = (
    "first_name",
    "last_name",
    "full_name",
    "email",
    "phone",
    "function",
    "organisation",
    "sector",
    "commune",
    "postal_code",
    "consent",
    "consent_date",
    "notes",
)
IGNORE = "ignore"
NAME = "name"  # "Nom", "Naam", "Name": last name or full name, decided with the other columns

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def header_key(text: object) -> str:
    """``"E-mail 1 - Value"`` → ``"e mail 1 value"``; ``"Prénom"`` → ``"prenom"``."""
    if text is None:
        return ""
    return _NON_ALNUM.sub(" ", strip_accents(str(text)).casefold()).strip()


def _aliases(strength: int, field: str, names: str) -> dict[str, tuple[str, int]]:
    return {header_key(n): (field, strength) for n in names.split("|")}


ALIASES: dict[str, tuple[str, int]] = {
    **_aliases(1, "first_name", "Prénom|Voornaam|Vorname|First Name|Given Name|Firstname|Forename"),
    **_aliases(
        1,
        "last_name",
        "Nom de famille|Achternaam|Familienaam|Familienname|Nachname|Last Name|Surname|"
        "Family Name|Lastname",
    ),
    **_aliases(1, NAME, "Nom|Naam|Name"),
    **_aliases(
        1,
        "full_name",
        "Nom complet|Nom et prénom|Nom prénom|Prénom nom|Prénom et nom|Volledige naam|"
        "Naam en voornaam|Voor- en achternaam|Vollständiger Name|Vor- und Nachname|Full Name",
    ),
    **_aliases(
        1,
        "email",
        "E-mail|Email|Mail|Courriel|Adresse e-mail|Adresse mail|Adresse électronique|"
        "E-mailadres|Mailadres|E-Mail-Adresse|Email Address|E-mail Address|E-mail 1 - Value",
    ),
    **_aliases(3, "email", "E-mail 2 Address|E-mail 2 - Value|E-mail 3 Address"),
    **_aliases(
        1,
        "phone",
        "GSM|Téléphone|Tél|Tel|Portable|Mobile|Numéro de GSM|Numéro de téléphone|Telefoon|"
        "Gsm-nummer|Mobiel|Telefonnummer|Telefon|Handy|Mobil|Mobiltelefon|Phone|Telephone|"
        "Mobile Phone|Cell|Cell Phone|Phone 1 - Value|Primary Phone",
    ),
    **_aliases(2, "phone", "Business Phone|Company Main Phone|Phone 2 - Value"),
    **_aliases(3, "phone", "Home Phone|Other Phone|Business Phone 2|Home Phone 2"),
    **_aliases(
        1,
        "commune",
        "Commune|Localité|Ville|Village|Entité|Gemeente|Woonplaats|Plaats|Stad|Gemeinde|Ort|"
        "Wohnort|Stadt|City|Town|Municipality|Address 1 - City",
    ),
    **_aliases(2, "commune", "Business City|Address 2 - City"),
    **_aliases(3, "commune", "Home City|Other City"),
    **_aliases(
        1,
        "postal_code",
        "Code postal|CP|Postcode|Postleitzahl|PLZ|Postal Code|Zip|Zip Code|Address 1 - Postal Code",
    ),
    **_aliases(2, "postal_code", "Business Postal Code"),
    **_aliases(3, "postal_code", "Home Postal Code|Other Postal Code"),
    **_aliases(
        1,
        "organisation",
        "Organisation|Organization|Organisme|Association|ASBL|Société|Entreprise|Structure|"
        "Institution|Employeur|Company|Organisatie|Vereniging|VZW|Bedrijf|Firma|Onderneming|"
        "Verein|Unternehmen|Betrieb|Employer|Organization 1 - Name|Organization Name|Affiliation",
    ),
    **_aliases(
        1,
        "function",
        "Fonction|Poste|Qualité|Rôle|Job Title|Function|Role|Position|Functie|Rol|Funktion|"
        "Stellung|Organization 1 - Title|Organization Title",
    ),
    **_aliases(4, "function", "Titre|Title|Titel"),
    **_aliases(
        1,
        "sector",
        "Secteur|Secteur d'activité|Type de structure|Sector|Sektor|Bereich",
    ),
    **_aliases(
        1,
        "consent",
        "Consentement|Accord|Accord contact|Accord RGPD|RGPD|Contact autorisé|Toestemming|"
        "Akkoord|Einwilligung|Einverständnis|Zustimmung|Consent|GDPR|Opt-in",
    ),
    **_aliases(
        1,
        "consent_date",
        "Date de consentement|Date consentement|Date du consentement|Date accord|Date d'accord|"
        "Date RGPD|Datum toestemming|Einwilligungsdatum|Datum der Einwilligung|Consent date|"
        "Date of consent",
    ),
    **_aliases(
        1,
        "notes",
        "Remarques|Remarque|Notes|Note|Commentaire|Commentaires|Observations|Opmerkingen|"
        "Opmerking|Notities|Bemerkungen|Bemerkung|Anmerkungen|Notizen|Comments|Remarks",
    ),
}

# Last resort, a word anywhere in the header ("Adresse e-mail professionnelle"); tried in order.
_KEYWORDS: tuple[tuple[str, frozenset[str]], ...] = tuple(
    (field, frozenset(words.split()))
    for field, words in (
        ("email", "mail email courriel emailadres mailadres"),
        ("postal_code", "postal postcode plz zip"),
        ("phone", "gsm telephone tel phone mobile portable telefoon mobiel telefon handy mobil"),
        ("first_name", "prenom voornaam vorname firstname"),
        ("last_name", "achternaam nachname surname lastname"),
        ("function", "fonction function functie funktion job poste"),
        ("commune", "commune localite ville gemeente woonplaats gemeinde ort wohnort city town"),
        ("organisation", "organisation organization association societe entreprise company "
         "organisatie vereniging bedrijf firma verein unternehmen asbl vzw"),
        ("consent", "consent consentement rgpd gdpr toestemming einwilligung accord akkoord"),
        ("notes", "remarque remarques notes note commentaire commentaires opmerkingen comments"),
        ("sector", "secteur sector sektor"),
    )
)  # fmt: skip
_NOT_A_VALUE = frozenset(["type", "display", "label", "kind", "yomi"])
_KEYWORD_STRENGTH = 5


def match_header(text: object) -> tuple[str, int] | None:
    """The field a header names and how surely (1 = surely … 5 = a word in it), or ``None``."""
    key = header_key(text)
    if not key:
        return None
    found = ALIASES.get(key)
    if found:
        return found
    words = set(key.split())
    if words & _NOT_A_VALUE:
        return None
    for field, keywords in _KEYWORDS:
        if words & keywords:
            return field, _KEYWORD_STRENGTH
    return None


def header_score(cells: Sequence[object]) -> float:
    """How much a row looks like a header row: known headers count 1, a known word ½."""
    score = 0.0
    for cell in cells:
        if isinstance(cell, str):
            found = match_header(cell)
            if found:
                score += 1.0 if found[1] < _KEYWORD_STRENGTH else 0.5
    return score
