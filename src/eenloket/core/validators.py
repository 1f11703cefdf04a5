"""Validators and normalisers for Dutch identifiers and contact details.

Every ``validate_*`` function is a Django validator: it returns ``None`` or raises
``ValidationError`` with a Dutch message and a stable ``code`` that the API and the
frontend can rely on. Validators tolerate surrounding whitespace; where a value has a
canonical written form (postcode, telephone number, BSN), a ``normalise_*`` function
turns user input into that form, and forms and serializers store the normalised value.

Validators are plain functions so they can be referenced from model fields and
serialised into migrations without a ``deconstruct()``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Final

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = [
    "CODE_DATE_IN_FUTURE",
    "CODE_DATE_TOO_EARLY",
    "CODE_INVALID_BSN",
    "CODE_INVALID_DATE",
    "CODE_INVALID_EMAIL",
    "CODE_INVALID_KVK_NUMMER",
    "CODE_INVALID_POSTCODE",
    "CODE_INVALID_RSIN",
    "CODE_INVALID_TELEFOONNUMMER",
    "CODE_INVALID_VESTIGINGSNUMMER",
    "EARLIEST_GEBOORTEDATUM",
    "is_elfproef_valid",
    "normalise_bsn",
    "normalise_postcode",
    "normalise_telefoonnummer",
    "validate_bsn",
    "validate_email",
    "validate_geboortedatum",
    "validate_kvk_nummer",
    "validate_niet_in_toekomst",
    "validate_postcode",
    "validate_rsin",
    "validate_telefoonnummer",
    "validate_vestigingsnummer",
]

CODE_INVALID_BSN: Final = "invalid-bsn"
CODE_INVALID_RSIN: Final = "invalid-rsin"
CODE_INVALID_KVK_NUMMER: Final = "invalid-kvk-nummer"
CODE_INVALID_VESTIGINGSNUMMER: Final = "invalid-vestigingsnummer"
CODE_INVALID_POSTCODE: Final = "invalid-postcode"
CODE_INVALID_TELEFOONNUMMER: Final = "invalid-telefoonnummer"
CODE_INVALID_EMAIL: Final = "invalid-email"
CODE_INVALID_DATE: Final = "invalid-date"
CODE_DATE_IN_FUTURE: Final = "date-in-future"
CODE_DATE_TOO_EARLY: Final = "date-too-early"

#: Birth dates before this day are typing errors, not residents.
EARLIEST_GEBOORTEDATUM: Final = date(1900, 1, 1)

# Weights of the BSN/RSIN variant of the 11-check: the last digit counts -1 (not +1 as in
# the old bank-account check), so a mistyped account number is not taken for a BSN.
_ELFPROEF_WEIGHTS: Final = (9, 8, 7, 6, 5, 4, 3, 2, -1)

# ASCII digits only: str.isdigit() also accepts superscripts and Arabic-Indic digits.
_NINE_DIGITS: Final = re.compile(r"[0-9]{9}")
_EIGHT_DIGITS: Final = re.compile(r"[0-9]{8}")
_TWELVE_DIGITS: Final = re.compile(r"[0-9]{12}")
_BSN_SEPARATORS: Final = re.compile(r"[\s.\-]")

_POSTCODE_COMPACT: Final = re.compile(r"[0-9]{4}[A-Z]{2}")
_POSTCODE: Final = re.compile(r"[1-9][0-9]{3} [A-Z]{2}")
# PostNL does not issue these letter pairs because of their connotations in WWII.
_POSTCODE_FORBIDDEN_LETTERS: Final = frozenset({"SA", "SD", "SS"})

# "+31 (0)20 ..." : the "(0)" is the national trunk prefix, not part of the number.
_TRUNK_PREFIX_IN_PARENTHESES: Final = re.compile(r"([0-9])\s*\(0\)")
_PHONE_SEPARATORS: Final = re.compile(r"[\s\-./()]")
_PHONE_DIGITS: Final = re.compile(r"\+?[0-9]+")
# E.164: a country code starting 1-9 and at most 15 digits in all; 8 is the shortest we
# accept, so "+31 800 1234" (an 0800 number) still passes.
_E164: Final = re.compile(r"\+[1-9][0-9]{7,14}")
# Information and premium-rate numbers have 4 or 7 digits after the 4-digit prefix.
_DUTCH_SERVICE_PREFIXES: Final = ("0800", "0900", "0906", "0909")

_BSN_MESSAGE = _(
    "Dit is geen geldig burgerservicenummer (BSN): het moet uit 9 cijfers bestaan en aan de elfproef voldoen."
)
_RSIN_MESSAGE = _("Dit is geen geldig RSIN: het moet uit 9 cijfers bestaan en aan de elfproef voldoen.")
_KVK_NUMMER_MESSAGE = _("Dit is geen geldig KvK-nummer: het moet uit 8 cijfers bestaan.")
_VESTIGINGSNUMMER_MESSAGE = _("Dit is geen geldig vestigingsnummer: het moet uit 12 cijfers bestaan.")
_POSTCODE_MESSAGE = _("Dit is geen geldige postcode: gebruik 4 cijfers en 2 letters, bijvoorbeeld 1234 AB.")
_TELEFOONNUMMER_MESSAGE = _(
    "Dit is geen geldig telefoonnummer. Gebruik een Nederlands nummer, bijvoorbeeld "
    "06-12345678 of 020-1234567, of een buitenlands nummer dat met + begint."
)
_EMAIL_MESSAGE = _("Dit is geen geldig e-mailadres.")
_DATE_MESSAGE = _("Dit is geen geldige datum.")
_DATE_IN_FUTURE_MESSAGE = _("Deze datum mag niet in de toekomst liggen.")
_GEBOORTEDATUM_IN_FUTURE_MESSAGE = _("Een geboortedatum kan niet in de toekomst liggen.")
_GEBOORTEDATUM_TOO_EARLY_MESSAGE = _("Een geboortedatum kan niet vóór 1 januari 1900 liggen.")


# --- BSN and RSIN ---------------------------------------------------------------------


def is_elfproef_valid(value: str) -> bool:
    """Tell whether ``value`` is 9 ASCII digits passing the BSN/RSIN 11-check.

    The weighted sum (weights 9..2 and -1) must be divisible by 11; ``000000000`` passes
    that arithmetic but is no number anyone has, so it is refused.
    """
    if not _NINE_DIGITS.fullmatch(value) or value == "000000000":
        return False
    total = sum(int(digit) * weight for digit, weight in zip(value, _ELFPROEF_WEIGHTS, strict=True))
    return total % 11 == 0


def normalise_bsn(value: str) -> str:
    """Return the canonical 9-digit form of a BSN typed by a person or read from a file.

    Removes spaces, dots and hyphens ("1234.56.782"). An 8-digit number gets its leading
    zero back: the official rule is that a BSN has 9 digits and 8-digit numbers (old
    sofinummers) are written with a leading zero, which spreadsheets and integer columns
    tend to drop. Anything else is returned stripped, for the validator to refuse.
    """
    compact = _BSN_SEPARATORS.sub("", value)
    if _EIGHT_DIGITS.fullmatch(compact):
        return "0" + compact
    if _NINE_DIGITS.fullmatch(compact):
        return compact
    return value.strip()


def validate_bsn(value: object) -> None:
    """Accept a burgerservicenummer: exactly 9 digits passing the elfproef.

    Only surrounding whitespace is tolerated; an 8-digit number is refused because a BSN
    is formally 9 digits (call ``normalise_bsn`` first to restore a dropped leading zero).
    """
    if not isinstance(value, str) or not is_elfproef_valid(value.strip()):
        raise ValidationError(_BSN_MESSAGE, code=CODE_INVALID_BSN)


def validate_rsin(value: object) -> None:
    """Accept an RSIN (the fiscal number of a legal entity): 9 digits, same elfproef as BSN."""
    if not isinstance(value, str) or not is_elfproef_valid(value.strip()):
        raise ValidationError(_RSIN_MESSAGE, code=CODE_INVALID_RSIN)


# --- KvK ------------------------------------------------------------------------------


def validate_kvk_nummer(value: object) -> None:
    """Accept a KvK-nummer: exactly 8 digits, not all zeros.

    No check digit: the Chamber of Commerce stopped guaranteeing the 11-check on new
    numbers, so real numbers would be refused by it.
    """
    if not isinstance(value, str):
        raise ValidationError(_KVK_NUMMER_MESSAGE, code=CODE_INVALID_KVK_NUMMER)
    stripped = value.strip()
    if not _EIGHT_DIGITS.fullmatch(stripped) or stripped == "00000000":
        raise ValidationError(_KVK_NUMMER_MESSAGE, code=CODE_INVALID_KVK_NUMMER)


def validate_vestigingsnummer(value: object) -> None:
    """Accept a KvK vestigingsnummer (branch number): exactly 12 digits, not all zeros.

    Leading zeros are part of the number ("000012345678") and must be kept.
    """
    if not isinstance(value, str):
        raise ValidationError(_VESTIGINGSNUMMER_MESSAGE, code=CODE_INVALID_VESTIGINGSNUMMER)
    stripped = value.strip()
    if not _TWELVE_DIGITS.fullmatch(stripped) or stripped == "000000000000":
        raise ValidationError(_VESTIGINGSNUMMER_MESSAGE, code=CODE_INVALID_VESTIGINGSNUMMER)


# --- Postcode -------------------------------------------------------------------------


def normalise_postcode(value: str) -> str:
    """Return a postcode as PostNL writes it: "1234 AB".

    Whitespace anywhere and lower case are accepted ("1234ab", " 1234 ab "). Input that
    does not look like 4 digits and 2 letters is returned stripped, unchanged otherwise,
    so the validator can refuse it with its own message.
    """
    compact = "".join(value.split())
    # isascii() first: "ß".upper() is "SS" and "ı".upper() is "I".
    if compact.isascii():
        compact = compact.upper()
        if _POSTCODE_COMPACT.fullmatch(compact):
            return f"{compact[:4]} {compact[4:]}"
    return value.strip()


def validate_postcode(value: object) -> None:
    """Accept a Dutch postcode: 4 digits not starting with 0, then 2 letters, not SA/SD/SS.

    Judges the value after ``normalise_postcode``, so "1234ab" is accepted; forms and
    serializers store the normalised form.
    """
    if not isinstance(value, str):
        raise ValidationError(_POSTCODE_MESSAGE, code=CODE_INVALID_POSTCODE)
    postcode = normalise_postcode(value)
    if not _POSTCODE.fullmatch(postcode) or postcode[5:] in _POSTCODE_FORBIDDEN_LETTERS:
        raise ValidationError(_POSTCODE_MESSAGE, code=CODE_INVALID_POSTCODE)


# --- Telephone ------------------------------------------------------------------------


def normalise_telefoonnummer(value: str) -> str:
    """Return a telephone number in E.164 form ("+31612345678").

    Understands the usual Dutch ways of writing: "06-12345678", "020 - 123 45 67",
    "(020) 1234567", "+31 (0)20 123 4567", "0031 6 12345678", "+31 06 12345678". A
    foreign number ("+32 2 123 45 67", "0032 ...") keeps its country code. Input that is
    not digits and separators, or has neither a "+"/"00" nor a leading 0, is returned
    stripped for the validator to refuse.
    """
    stripped = value.strip()
    compact = _TRUNK_PREFIX_IN_PARENTHESES.sub(r"\1", stripped)
    compact = _PHONE_SEPARATORS.sub("", compact)
    if not _PHONE_DIGITS.fullmatch(compact):
        return stripped
    if compact.startswith("+"):
        international = compact[1:]
    elif compact.startswith("00"):
        international = compact[2:]
    elif compact.startswith("0"):
        international = "31" + compact[1:]
    else:
        return stripped
    # "+31 06..." : people often keep the trunk 0 after the country code. No Dutch
    # number starts with 0 after +31, so dropping it is safe (unlike for, say, Italy).
    if international.startswith("310"):
        international = "31" + international[3:]
    return "+" + international


def _is_dutch_national_number(national: str) -> bool:
    """Tell whether a number written with its leading 0 fits the Dutch numbering plan."""
    if national.startswith(_DUTCH_SERVICE_PREFIXES):
        return len(national) in (8, 11)
    # Geographic (010..079), mobile (06), and the non-geographic 084/085/087/088/091:
    # 10 digits, and never 00 (that is the international prefix).
    return len(national) == 10 and national[1] != "0"


def validate_telefoonnummer(value: object) -> None:
    """Accept a Dutch or foreign telephone number, in any form ``normalise_telefoonnummer`` reads.

    Dutch numbers: 10 digits starting with 0 (landline, 06 mobile, 085/088 and other
    non-geographic numbers) or 0800/0900/0906/0909 numbers of 8 or 11 digits. Foreign
    numbers: "+" or "00", a country code, 8 to 15 digits in all (E.164).
    """
    if not isinstance(value, str):
        raise ValidationError(_TELEFOONNUMMER_MESSAGE, code=CODE_INVALID_TELEFOONNUMMER)
    number = normalise_telefoonnummer(value)
    if not _E164.fullmatch(number):
        raise ValidationError(_TELEFOONNUMMER_MESSAGE, code=CODE_INVALID_TELEFOONNUMMER)
    if number.startswith("+31") and not _is_dutch_national_number("0" + number[3:]):
        raise ValidationError(_TELEFOONNUMMER_MESSAGE, code=CODE_INVALID_TELEFOONNUMMER)


# --- E-mail ---------------------------------------------------------------------------

_email_validator = EmailValidator(message=_EMAIL_MESSAGE, code=CODE_INVALID_EMAIL)


def validate_email(value: object) -> None:
    """Accept an e-mail address by Django's rules, with a Dutch message and our own code."""
    if not isinstance(value, str):
        raise ValidationError(_EMAIL_MESSAGE, code=CODE_INVALID_EMAIL)
    _email_validator(value.strip())


# --- Dates ----------------------------------------------------------------------------


def _today() -> date:
    # localdate() refuses to run when USE_TZ is off (now() is naive then).
    return timezone.localdate() if settings.USE_TZ else date.today()


def _as_date(value: object) -> date:
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    if isinstance(value, date):
        return value
    raise ValidationError(_DATE_MESSAGE, code=CODE_INVALID_DATE)


def validate_niet_in_toekomst(value: object) -> None:
    """Accept a date (or datetime, judged by its local date) that is today or earlier."""
    if _as_date(value) > _today():
        raise ValidationError(_DATE_IN_FUTURE_MESSAGE, code=CODE_DATE_IN_FUTURE)


def validate_geboortedatum(value: object) -> None:
    """Accept a birth date: not in the future and not before 1 January 1900."""
    day = _as_date(value)
    if day > _today():
        raise ValidationError(_GEBOORTEDATUM_IN_FUTURE_MESSAGE, code=CODE_DATE_IN_FUTURE)
    if day < EARLIEST_GEBOORTEDATUM:
        raise ValidationError(_GEBOORTEDATUM_TOO_EARLY_MESSAGE, code=CODE_DATE_TOO_EARLY)
