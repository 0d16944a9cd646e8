"""The check-in code printed as a QR code on badges and sign-in sheets.

A USB scanner at the door is a keyboard: it types the code's text and Enter into the check-in
page. The code therefore holds no personal data (the sheet passes round the room, a badge is
worn in the street): only ``SD``, the registration's id and six check digits drawn from the
registration's random UUID, so a code cannot be made up from an id alone, and a badge of one
event checks nobody in at another.

Only the letters S and D and digits: the same keys on QWERTY and AZERTY. A scanner set up for
QWERTY on a Belgian or French AZERTY PC types the digit row unshifted (``&é"'(§è!çà``); those
characters are read back as the digits they stand for.
"""

from __future__ import annotations

import hashlib
import re

PREFIX = "SD"
CHECK_DIGITS = 6

#: The digit row typed unshifted on AZERTY (Belgian and French) by a scanner set up for QWERTY.
_AZERTY_DIGITS = str.maketrans("&é\"'(§è!çà-_", "123456789068")
_CODE = re.compile(rf"^{PREFIX}(\d{{1,12}})(\d{{{CHECK_DIGITS}}})$")


def check_digits(registration_uuid: str) -> int:
    """Six digits that only the registration's own UUID gives."""
    digest = hashlib.sha256(registration_uuid.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % 10**CHECK_DIGITS


def check_in_code(registration_id: int, registration_uuid: str) -> str:
    """``SD`` + the registration's id + six check digits, e.g. ``SD42317805``."""
    return f"{PREFIX}{registration_id}{check_digits(registration_uuid):0{CHECK_DIGITS}d}"


def parse_check_in_code(text: str) -> tuple[int, int] | None:
    """(registration id, check digits) of a scanned code, or None when ``text`` is no code
    (a name typed in the filter)."""
    typed = text.strip().translate(_AZERTY_DIGITS).upper()
    found = _CODE.match(typed)
    if found is None:
        return None
    return int(found.group(1)), int(found.group(2))
