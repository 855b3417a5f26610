"""Which numbers a callback may dial: valid E.164, not premium-rate, not an emergency service,
and inside the environment's allow list and outside its deny list.

Dialling a premium or emergency number by mistake costs money or ties up a public service, so
these checks run before a callback is stored and again before the dialer places it. Validation
uses the `phonenumbers` library (Google's libphonenumber metadata).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import phonenumbers
from phonenumbers import PhoneNumberType, shortnumberinfo

MAX_NUMBER_CHARS = 32
"""Longer input is refused before parsing (E.164 allows 15 digits plus formatting)."""
REFUSED_TYPES = {PhoneNumberType.PREMIUM_RATE: "a premium-rate number",
                 PhoneNumberType.SHARED_COST: "a shared-cost number"}


class CallbackRefused(ValueError):
    """A callback request that cannot be accepted; `code` is machine-readable, the message
    says why in words a business user follows."""

    def __init__(self, code: str, message: str, **details: Any):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details


@dataclass(frozen=True)
class NumberRules:
    """An environment's allow and deny lists: E.164 globs such as `+1*` or `+44207*`.

    An empty allow list allows every valid number; the deny list always wins.
    """

    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, spec: Mapping[str, Any] | None) -> NumberRules:
        spec = spec or {}
        return cls(tuple(_globs(spec.get("allow"))), tuple(_globs(spec.get("deny"))))


def _globs(value: Any) -> Sequence[str]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError("allow and deny are lists of number patterns like '+1*'")
    return value


def check_number(text: str, rules: NumberRules | None = None) -> str:
    """The number in E.164 form; CallbackRefused saying why it may not be called."""
    raw = (text or "").strip()
    if not raw:
        raise CallbackRefused("invalid_number", "There is no number to call back.")
    if len(raw) > MAX_NUMBER_CHARS or not raw.startswith("+"):
        raise CallbackRefused("invalid_number", f"'{raw[:MAX_NUMBER_CHARS]}' is not an "
                              "international (E.164) number like +14155550123.")
    try:
        parsed = phonenumbers.parse(raw, None)
    except phonenumbers.NumberParseException:
        raise CallbackRefused("invalid_number", f"'{raw}' is not a phone number.") from None
    region = phonenumbers.region_code_for_country_code(parsed.country_code or 0)
    national = phonenumbers.national_significant_number(parsed)
    if region != "ZZ" and shortnumberinfo.is_emergency_number(national, region):
        raise CallbackRefused("emergency_number", f"{raw} is an emergency number; callbacks "
                              "never dial emergency services.")
    if not phonenumbers.is_valid_number(parsed):
        raise CallbackRefused("invalid_number", f"{raw} is not a valid phone number.")
    number = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    kind = REFUSED_TYPES.get(phonenumbers.number_type(parsed))
    if kind is not None:
        raise CallbackRefused("premium_number", f"{number} is {kind}; callbacks do not dial it.")
    rules = rules or NumberRules()
    if any(fnmatch.fnmatchcase(number, pattern) for pattern in rules.deny):
        raise CallbackRefused("number_denied", f"{number} is on this environment's deny list.")
    if rules.allow and not any(fnmatch.fnmatchcase(number, pattern) for pattern in rules.allow):
        raise CallbackRefused("number_not_allowed",
                              f"{number} is not on this environment's allow list.")
    return number
