"""The address policy for outbound URLs that users give the Designer (bot endpoints).

They follow the HTTP block's rules (`runtime.effects.addresses`): only public addresses, unless
the administrator allow-lists others in `OUTBOUND_ALLOWLIST` (CIDRs, addresses or host names,
separated by commas or spaces; read from the app config, else the environment). The HTTP block
itself keeps its own `HTTP_ALLOWLIST`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from flask import Flask

from runtime.effects.addresses import AddressPolicy

SETTING = "OUTBOUND_ALLOWLIST"


def outbound_policy(app: Flask) -> AddressPolicy:
    """The policy as configured now (tests and admins may change the setting at run time)."""
    value: str | Iterable[str] | None = app.config.get(SETTING)
    if value is None:
        value = os.environ.get(SETTING, "")
    if isinstance(value, str):
        return AddressPolicy.from_setting(value)
    return AddressPolicy(list(value))
