from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from eenloket.core import validators as v


def _code(validator, value) -> str | None:
    try:
        validator(value)
    except ValidationError as exc:
        return exc.code
    return None


# --- BSN / RSIN -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "111222333",
        "123456782",
        "999993653",  # RvIG test BSN
        "249566758",
        "012345672",  # a former 8-digit sofinummer, written with its leading zero
        " 123456782 ",
        "123456782\n",
    ],
)
def test_validate_bsn_accepts(value):
    # given / when / then
    v.validate_bsn(value)


@pytest.mark.parametrize(
    "value",
    [
        "123456789",  # fails the elfproef
        "000000000",  # passes the arithmetic, but is no number
        "12345678",  # 8 digits: a BSN is 9
        "1234567820",  # 10 digits
        "12345678a",
        "abcdefghi",
        "",
        "   ",
        "123 456 782",  # separators: normalise first
        "1234.56.782",
        "١٢٣٤٥٦٧٨٢",  # Arabic-Indic digits pass str.isdigit(), not us
        123456782,  # not a string
        None,
    ],
)
def test_validate_bsn_refuses(value):
    # given / when / then
    assert _code(v.validate_bsn, value) == "invalid-bsn"


def test_validate_bsn_message_is_dutch():
    # given / when
    with pytest.raises(ValidationError) as exc:
        v.validate_bsn("123456789")

    # then
    assert "burgerservicenummer" in str(exc.value.messages[0])
    assert "elfproef" in str(exc.value.messages[0])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("123456782", "123456782"),
        (" 1234 56 782 ", "123456782"),
        ("1234.56.782", "123456782"),
        ("12345678", "012345678"),  # leading zero restored
        ("1234 5672", "012345672"),
        ("12345", "12345"),  # left for the validator to refuse
        (" abc ", "abc"),
    ],
)
def test_normalise_bsn(value, expected):
    assert v.normalise_bsn(value) == expected


def test_normalised_8_digit_bsn_validates():
    # given a BSN whose leading zero a spreadsheet dropped
    value = "12345672"

    # when / then
    assert _code(v.validate_bsn, value) == "invalid-bsn"
    v.validate_bsn(v.normalise_bsn(value))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("111222333", True),
        ("123456782", True),
        ("999993653", True),
        ("123456789", False),
        ("000000000", False),
        ("12345678", False),
        ("", False),
    ],
)
def test_is_elfproef_valid(value, expected):
    assert v.is_elfproef_valid(value) is expected


@pytest.mark.parametrize("value", ["002564440", "111222333", " 123456782 "])
def test_validate_rsin_accepts(value):
    v.validate_rsin(value)


@pytest.mark.parametrize("value", ["123456789", "12345678", "00256444a", "", None])
def test_validate_rsin_refuses(value):
    assert _code(v.validate_rsin, value) == "invalid-rsin"


# --- KvK ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["69599084", "01234567", " 12345678 "])
def test_validate_kvk_nummer_accepts(value):
    v.validate_kvk_nummer(value)


@pytest.mark.parametrize(
    "value", ["1234567", "123456789", "1234567a", "1234 5678", "00000000", "", 12345678, None]
)
def test_validate_kvk_nummer_refuses(value):
    assert _code(v.validate_kvk_nummer, value) == "invalid-kvk-nummer"


@pytest.mark.parametrize("value", ["000012345678", "123456789012", " 000038509504 "])
def test_validate_vestigingsnummer_accepts(value):
    v.validate_vestigingsnummer(value)


@pytest.mark.parametrize(
    "value", ["12345678", "00001234567", "0000123456789", "00001234567x", "000000000000", ""]
)
def test_validate_vestigingsnummer_refuses(value):
    assert _code(v.validate_vestigingsnummer, value) == "invalid-vestigingsnummer"


# --- Postcode -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1234ab", "1234 AB"),
        (" 1234 AB ", "1234 AB"),
        ("1234  aB", "1234 AB"),
        ("1234\tAB", "1234 AB"),
        ("1234 AB", "1234 AB"),
        ("0123 AB", "0123 AB"),  # normalised, but the validator refuses it
        (" 12345 ", "12345"),  # not a postcode: only stripped
        ("1234 ßa", "1234 ßa"),  # "ß".upper() would be "SS"
        ("", ""),
    ],
)
def test_normalise_postcode(value, expected):
    assert v.normalise_postcode(value) == expected


@pytest.mark.parametrize(
    "value", ["1234 AB", "1234ab", " 9999 ZZ ", "5691 EK", "1000 AA", "1234 SB", "1234 AS"]
)
def test_validate_postcode_accepts(value):
    v.validate_postcode(value)


@pytest.mark.parametrize(
    "value",
    [
        "0123 AB",  # no postcode starts with 0
        "1234 SA",  # letter pairs PostNL does not issue
        "1234 SD",
        "1234 ss",
        "123 AB",
        "12345 AB",
        "1234 A",
        "1234 ABC",
        "AB 1234",
        "1234-AB",
        "1234 ıa",
        "",
        None,
    ],
)
def test_validate_postcode_refuses(value):
    assert _code(v.validate_postcode, value) == "invalid-postcode"


# --- Telephone ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("06-12345678", "+31612345678"),
        ("06 1234 5678", "+31612345678"),
        ("+31 (0)20 123 4567", "+31201234567"),
        ("+31(0)201234567", "+31201234567"),
        ("(020) 123 45 67", "+31201234567"),
        ("020-1234567", "+31201234567"),
        ("0499-123456", "+31499123456"),
        ("0031 6 12345678", "+31612345678"),
        ("+31 06 12345678", "+31612345678"),
        ("+31612345678", "+31612345678"),
        ("0800-1234", "+318001234"),
        ("088 123 4567", "+31881234567"),
        ("+32 2 123 45 67", "+3221234567"),
        ("0032 2 123 45 67", "+3221234567"),
        ("+39 06 1234 5678", "+390612345678"),  # Italy keeps its 0
        ("+1 (202) 555-0123", "+12025550123"),
        ("612345678", "612345678"),  # no country code, no trunk 0: left alone
        (" 06-1234abcd ", "06-1234abcd"),
        ("", ""),
    ],
)
def test_normalise_telefoonnummer(value, expected):
    assert v.normalise_telefoonnummer(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "06-12345678",
        "+31612345678",
        "020-1234567",
        "0499 123456",
        "+31 (0)20 123 4567",
        "085-1234567",
        "088-1234567",
        "0800-1234",
        "0800-1234567",
        "0900-1234",
        "0900-1234567",
        "+32 2 123 45 67",
        "+49 30 1234567",
        "+44 20 7946 0958",
        " 06 12345678 ",
    ],
)
def test_validate_telefoonnummer_accepts(value):
    v.validate_telefoonnummer(value)


@pytest.mark.parametrize(
    "value",
    [
        "06-1234567",  # 9 digits
        "06-123456789",  # 11 digits
        "0800-12345",  # 0800 numbers have 4 or 7 digits after the prefix
        "0800-123456",
        "00-1234",  # international prefix, then too few digits
        "612345678",  # no leading 0 or +
        "+31 12345",
        "+3212345",  # too short for any country
        "+1234567890123456",  # longer than E.164 allows
        "+0612345678",
        "06-1234567a",
        "bel mij",
        "",
        None,
    ],
)
def test_validate_telefoonnummer_refuses(value):
    assert _code(v.validate_telefoonnummer, value) == "invalid-telefoonnummer"


# --- E-mail ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["jan@example.nl", " j.de.vries@voorbeeld.example ", "info+kcc@gemeente.example.org"]
)
def test_validate_email_accepts(value):
    v.validate_email(value)


@pytest.mark.parametrize(
    "value", ["jan", "jan@", "@example.nl", "jan@example", "jan de vries@example.nl", "", None]
)
def test_validate_email_refuses(value):
    assert _code(v.validate_email, value) == "invalid-email"


def test_validate_email_message_is_dutch():
    with pytest.raises(ValidationError) as exc:
        v.validate_email("jan@")
    assert str(exc.value.messages[0]) == "Dit is geen geldig e-mailadres."


# --- Dates ----------------------------------------------------------------------------


def test_validate_niet_in_toekomst():
    # given
    today = v._today()

    # when / then
    v.validate_niet_in_toekomst(today)
    v.validate_niet_in_toekomst(today - timedelta(days=1))
    v.validate_niet_in_toekomst(datetime(2000, 1, 1, tzinfo=UTC))
    assert _code(v.validate_niet_in_toekomst, today + timedelta(days=1)) == "date-in-future"
    assert _code(v.validate_niet_in_toekomst, "2000-01-01") == "invalid-date"
    assert _code(v.validate_niet_in_toekomst, None) == "invalid-date"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(1900, 1, 1), None),
        (date(1985, 6, 15), None),
        (date(1899, 12, 31), "date-too-early"),
        (date(1, 1, 1), "date-too-early"),
        (date.max, "date-in-future"),
        ("15-06-1985", "invalid-date"),
    ],
)
def test_validate_geboortedatum(value, expected):
    assert _code(v.validate_geboortedatum, value) == expected


def test_validate_geboortedatum_today_and_tomorrow():
    today = v._today()
    assert _code(v.validate_geboortedatum, today) is None
    assert _code(v.validate_geboortedatum, today + timedelta(days=1)) == "date-in-future"
