"""Member access and method calls: the only way an expression reaches inside a value.

``a.b``, ``a[k]``, ``k in a`` and ``a.f(…)`` all come here. Objects expose their own keys,
arrays and strings their indices, ``length`` and the allow-listed methods, built-in
namespaces their members; nothing else exists, so no Python attribute (``__class__``,
``constructor``, ``__proto__`` …) is ever reachable.
"""

from __future__ import annotations

from typing import Any

from . import match_extras
from .array_methods import ARRAY_METHODS
from .conversions import to_property_key
from .errors import type_error
from .number_methods import BOOLEAN_METHODS, NUMBER_METHODS
from .regexp import REGEXP_METHODS, regexp_property
from .regexp_value import JSRegExp
from .string_methods import STRING_METHODS
from .values import UNDEFINED, JSFunction, Namespace


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


OBJECT_PROTOTYPE_KEYS = _words(
    "constructor __defineGetter__ __defineSetter__ hasOwnProperty __lookupGetter__ "
    "__lookupSetter__ isPrototypeOf propertyIsEnumerable toString valueOf __proto__ "
    "toLocaleString"
)
ARRAY_PROTOTYPE_KEYS = _words(
    "length constructor at concat copyWithin fill find findIndex findLast findLastIndex "
    "lastIndexOf pop push reverse shift unshift slice sort splice includes indexOf join keys "
    "entries values forEach filter flat flatMap map every some reduce reduceRight "
    "toLocaleString toString toReversed toSorted toSpliced with"
)
REGEXP_PROTOTYPE_KEYS = OBJECT_PROTOTYPE_KEYS | _words("compile") | frozenset(REGEXP_METHODS)
FUNCTION_PROTOTYPE_KEYS = _words("length name arguments caller constructor apply bind call toString")
_MAX_INDEX = 4294967295


def is_array_index(key: str) -> bool:
    """True for canonical array index strings: ``'0'``, ``'17'``, not ``'01'`` or ``'-1'``."""
    return (
        key.isdigit()
        and key.isascii()
        and (key == "0" or key[0] != "0")
        and (len(key) < 10 or int(key) < _MAX_INDEX)
    )


def own_keys(obj: dict[str, Any]) -> list[str]:
    """Object key order: array indices ascending first, then the rest by insertion."""
    keys = list(obj)
    if not any(key[:1].isdigit() for key in keys):
        return keys
    indices = sorted((key for key in keys if is_array_index(key)), key=int)
    if not indices:
        return keys
    return indices + [key for key in keys if not is_array_index(key)]


def _read_nullish(obj: Any, key: Any) -> Any:
    which = "null" if obj is None else "undefined"
    raise type_error(f"Cannot read properties of {which} (reading '{to_property_key(key)}')")


def _sequence_item(items: Any, key: Any, methods: dict[str, JSFunction]) -> Any:
    """Index, ``length`` or method of a list or a string."""
    kind = type(key)
    if kind is float or kind is int:
        if 0 <= key < len(items) and key == int(key):
            return items[int(key)]
        key = to_property_key(key)
    elif kind is not str:
        key = to_property_key(key)
    if key == "length":
        return float(len(items))
    if is_array_index(key):
        index = int(key)
        return items[index] if index < len(items) else UNDEFINED
    return methods.get(key, UNDEFINED)


def get_property(obj: Any, key: Any) -> Any:
    """``obj[key]``: TypeError on null/undefined, undefined for anything not allow-listed."""
    kind = type(obj)
    if kind is dict:
        return obj.get(key if type(key) is str else to_property_key(key), UNDEFINED)
    if kind is list:
        if type(key) is str and key in match_extras.KEYS:
            found = match_extras.extra(obj, key)
            if found is not None:
                return found
        return _sequence_item(obj, key, ARRAY_METHODS)
    if kind is str:
        return _sequence_item(obj, key, STRING_METHODS)
    if obj is None or obj is UNDEFINED:
        return _read_nullish(obj, key)
    key = to_property_key(key)
    if kind is float or kind is int:
        return NUMBER_METHODS.get(key, UNDEFINED)
    if kind is bool:
        return BOOLEAN_METHODS.get(key, UNDEFINED)
    if kind is JSFunction:
        if key == "name":
            return obj.name
        return obj.members.get(key, UNDEFINED)
    if kind is Namespace:
        return obj.members.get(key, UNDEFINED)
    if kind is JSRegExp:
        return regexp_property(obj, key)
    return UNDEFINED


def has_property(container: Any, key: str) -> bool:
    """The ``in`` operator's HasProperty, prototype members included."""
    kind = type(container)
    if kind is dict:
        return key in container or key in OBJECT_PROTOTYPE_KEYS
    if kind is list:
        if is_array_index(key):
            return int(key) < len(container)
        return key in ARRAY_PROTOTYPE_KEYS or key in OBJECT_PROTOTYPE_KEYS
    if kind is JSFunction:
        return key in container.members or key in FUNCTION_PROTOTYPE_KEYS or (key in OBJECT_PROTOTYPE_KEYS)
    if kind is Namespace:
        return key in container.members or key in OBJECT_PROTOTYPE_KEYS
    if kind is JSRegExp:
        return regexp_property(container, key) is not UNDEFINED or key in REGEXP_PROTOTYPE_KEYS
    return False


def call_value(function: Any, this: Any, args: tuple[Any, ...], ctx: Any, text: str) -> Any:
    """Call an already evaluated callee (``f(…)``, ``(a.b)?.(…)``)."""
    if type(function) is not JSFunction:
        raise type_error(f"{text} is not a function")
    return function.impl(this, args, ctx)


def method_of(obj: Any, key: Any, text: str) -> Any:
    """The body to call for ``obj[key](…)``; if it is not a function, one that throws.

    The lookup happens before the arguments are evaluated and the "not a function" error
    after, as in ECMAScript.
    """
    function = get_property(obj, key)
    if type(function) is JSFunction:
        return function.impl

    def not_callable(this: Any, args: tuple[Any, ...], ctx: Any) -> Any:
        raise type_error(f"{text} is not a function")

    return not_callable
