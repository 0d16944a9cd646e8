"""People's pseudonymous keys in the exchange part: the GAL recognises the same person across
communes without learning who it is.

A person who did not consent leaves the town hall without name, e-mail or phone; two communes
sending the same person were then two people at the GAL. Each person now carries a keyed hash
(HMAC-SHA256) of their normalised e-mail, else of their normalised name and commune, with a
secret the GAL shares with its communes (the ``exchange_key`` setting, set on each side). The
same person gives the same pseudonym at every commune holding the key; without the key the
pseudonym tells nothing and no guess of an e-mail can be checked against it.

The workbook carries a fingerprint of the key (``key_check``, a hash of a fixed text: it does
not reveal the key) so the GAL knows whether it shares the sender's key before trusting the
pseudonyms. Without a shared key, people are matched as before (by name and e-mail where they
may be named) and the consolidation report says so.
"""

from __future__ import annotations

import hashlib
import hmac

from smartdesk.domain.text import email_key, normalize_name, person_name_key

#: Hex digits kept of each HMAC: 128 bits, no collision among a territory's people.
PSEUDONYM_LENGTH = 32
_CHECK_TEXT = b"smartdesk exchange key check, v1"


def key_check(key: str) -> str | None:
    """The fingerprint of ``key`` the workbook carries (None without a key)."""
    if not key:
        return None
    return hmac.new(key.encode("utf-8"), _CHECK_TEXT, hashlib.sha256).hexdigest()[:16]


class Pseudonymiser:
    """Computes the pseudonyms of one export with one key."""

    def __init__(self, key: str):
        self._key = key.encode("utf-8")

    def __call__(
        self,
        email: str | None,
        first_name: str | None,
        last_name: str | None,
        commune: str | None,
    ) -> str | None:
        """The person's pseudonym: from the e-mail if there is one, else from the name and the
        commune (a name alone is too common to stand for one person); None without either."""
        mail = email_key(email)
        if mail:
            text = "email\x1f" + mail
        else:
            name, place = person_name_key(first_name, last_name), normalize_name(commune)
            if not name or not place:
                return None
            text = f"name\x1f{name}\x1f{place}"
        digest = hmac.new(self._key, text.encode("utf-8"), hashlib.sha256).hexdigest()
        return digest[:PSEUDONYM_LENGTH]
