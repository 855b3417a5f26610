"""The allow-list of global names an expression can use, and nothing else.

The table is read-only after import; the compiler resolves these names at compile time, so
a flow variable can never shadow or replace a built-in.
"""

from __future__ import annotations

import math
from types import MappingProxyType
from typing import Any

from .global_functions import GLOBAL_FUNCTIONS
from .json_functions import JSON_NAMESPACE
from .math_functions import MATH
from .regexp import REGEXP_CONSTRUCTOR
from .time_functions import TIME
from .uri_functions import URI_FUNCTIONS
from .values import UNDEFINED

LITERAL_GLOBALS: MappingProxyType[str, Any] = MappingProxyType(
    {"undefined": UNDEFINED, "NaN": math.nan, "Infinity": math.inf}
)
"""Globals that hold plain values; the compiler treats them as literals."""

BUILTINS: MappingProxyType[str, Any] = MappingProxyType(
    {
        **GLOBAL_FUNCTIONS,
        **URI_FUNCTIONS,
        "Math": MATH,
        "JSON": JSON_NAMESPACE,
        "Time": TIME,
        "RegExp": REGEXP_CONSTRUCTOR,
    }
)
"""Global functions and namespaces."""
