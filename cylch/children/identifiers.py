"""Checks for the identifiers a child's record carries."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def normalise(kind: str, value: str) -> str:
    value = value.strip()
    if kind in {"nhs_number"}:
        return re.sub(r"[\s-]", "", value)
    if kind == "upn":
        return re.sub(r"\s", "", value).upper()
    return value


def check_nhs_number(value: str) -> None:
    """NHS numbers are 10 digits; the last is a modulus 11 check digit.

    Weights 10..2 apply to the first nine digits; check = 11 - (sum mod 11),
    where 11 becomes 0 and 10 means the number is invalid (NHS Data Dictionary).
    """
    if not re.fullmatch(r"\d{10}", value):
        raise ValidationError(_("An NHS number is 10 digits, for example 943 476 5919."))
    total = sum(int(digit) * weight for digit, weight in zip(value[:9], range(10, 1, -1), strict=True))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10 or check != int(value[9]):
        raise ValidationError(_("This NHS number is not valid: its check digit does not match. Check it was copied correctly."))


def check_upn(value: str) -> None:
    """A Unique Pupil Number is a check letter and 12 characters.

    The check letter is the sum of characters 2-13 weighted 2..13, modulo 23,
    as a letter of ABCDEFGHJKLMNPQRTUVWXYZ (DfE UPN guidance). A temporary UPN
    ends in a letter, which counts as its position in that alphabet.
    """
    if not re.fullmatch(r"[A-Z]\d{11}[0-9A-Z]", value):
        raise ValidationError(_("A Unique Pupil Number is a letter followed by 12 characters, for example A123456789012."))
    total = 0
    for position, char in enumerate(value[1:], start=2):
        if char.isdigit():
            number = int(char)
        elif char in UPN_CHECK_LETTERS:
            number = UPN_CHECK_LETTERS.index(char)
        else:
            raise ValidationError(_("This Unique Pupil Number has a character that is not allowed."))
        total += number * position
    if UPN_CHECK_LETTERS[total % 23] != value[0]:
        raise ValidationError(_("This Unique Pupil Number is not valid: its check letter does not match. Check it was copied correctly."))


def check(kind: str, value: str) -> str:
    value = normalise(kind, value)
    if not value:
        raise ValidationError(_("Enter the identifier."))
    if kind == "nhs_number":
        check_nhs_number(value)
    elif kind == "upn":
        check_upn(value)
    elif len(value) > 60:
        raise ValidationError(_("The identifier must be 60 characters or fewer."))
    return value


def upn_with_check_letter(digits12: str) -> str:
    """Make a valid UPN from 12 characters (used by the demo and synthetic data)."""
    total = 0
    for position, char in enumerate(digits12, start=2):
        total += (int(char) if char.isdigit() else UPN_CHECK_LETTERS.index(char)) * position
    return UPN_CHECK_LETTERS[total % 23] + digits12


def nhs_number_with_check_digit(digits9: str) -> str | None:
    """Complete nine digits into a valid NHS number, or None where no check digit works."""
    total = sum(int(d) * w for d, w in zip(digits9, range(10, 1, -1), strict=True))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10:
        return None
    return f"{digits9}{check}"
