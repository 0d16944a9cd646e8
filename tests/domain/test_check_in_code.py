"""The check-in code: what a badge's QR code holds and how a scanned one is read back."""

from __future__ import annotations

import uuid

from smartdesk.domain.check_in_code import check_digits, check_in_code, parse_check_in_code


def test_the_code_is_the_registration_id_and_six_digits_of_its_uuid():
    reg_uuid = str(uuid.uuid4())
    code = check_in_code(42, reg_uuid)
    assert code == f"SD42{check_digits(reg_uuid):06d}"
    assert parse_check_in_code(code) == (42, check_digits(reg_uuid))
    # Other UUIDs give other digits: a code cannot be made from an id alone.
    assert len({check_digits(str(uuid.uuid4())) for _ in range(200)}) > 190


def test_a_scan_typed_by_an_azerty_keyboard_or_in_lower_case_is_read():
    code = check_in_code(1207, "b2c6f0c4-0000-4000-8000-000000000001")
    azerty = "SD" + code[2:].translate(str.maketrans("1234567890", "&é\"'(§è!çà"))
    assert parse_check_in_code(azerty) == parse_check_in_code(code)
    assert parse_check_in_code("  " + code.lower() + " ") == parse_check_in_code(code)


def test_names_and_short_numbers_are_not_codes():
    for text in ("Dupont", "dup", "Sdraiata", "SD", "SD12345", "12345678", ""):
        assert parse_check_in_code(text) is None
