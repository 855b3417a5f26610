"""Code generation for member access, calls and optional chains (``a?.b.c(d)``).

A chain is compiled as a whole because ``?.`` short-circuits everything to its right: with
one ``?.`` the chain becomes an inline conditional on a temporary; with several it runs
in a small function that turns the ShortCircuit signal into ``undefined``. Members of
built-ins (``Math.max``, ``Number.MAX_SAFE_INTEGER``) are resolved at compile time.
"""

from __future__ import annotations

from .array_methods import ARRAY_METHODS
from .codegen_base import NO_VALUE, Code, EmitterBase, deeper, is_primitive
from .conversions import to_js_string
from .errors import ExpressionError
from .nodes import Call, Literal, Member, Name, Node, OptionalChain
from .properties import get_property
from .string_methods import STRING_METHODS
from .values import JSFunction

_INLINE_CHAIN_LIMIT = 8


def describe_callee(node: Node) -> str:
    """Source-like text of a callee for ``… is not a function`` messages."""
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Member):
        base = describe_callee(node.object)
        dot = "?." if node.optional else "."
        key = node.property
        if isinstance(key, Literal) and type(key.value) is str and key.value.isidentifier():
            return f"{base}{dot}{key.value}"
        return f"{base}{'?.' if node.optional else ''}[…]"
    if isinstance(node, Call):
        return f"{describe_callee(node.callee)}(…)"
    if isinstance(node, OptionalChain):
        return f"({describe_callee(node.expression)})"
    if isinstance(node, Literal):
        return repr(node.value) if type(node.value) is str else to_js_string(node.value)
    return "expression"


class _Chain:
    """Progress through one chain: the current value and the ``?.`` guards opened so far."""

    def __init__(self, value: Code, inline: bool) -> None:
        self.value = value
        self.inline = inline
        self.guards: list[tuple[str, str]] = []
        self.receiver: str | None = None
        self.depth = value.depth


class ChainEmitter(EmitterBase):
    """Member access, calls and optional chaining."""

    def emit_chain(self, node: Member | Call) -> Code:
        links: list[Member | Call] = []
        base: Node = node
        while isinstance(base, Member | Call):
            links.append(base)
            base = base.object if isinstance(base, Member) else base.callee
        links.reverse()
        optional_count = sum(1 for link in links if link.optional)
        inline = optional_count <= 1 and len(links) <= _INLINE_CHAIN_LIMIT
        chain = _Chain(self.emit(base), inline)
        index = 0
        while index < len(links):
            link = links[index]
            if link.optional:
                self._guard(chain)
            following = links[index + 1] if index + 1 < len(links) else None
            if isinstance(link, Member):
                key = self.emit(link.property)
                if isinstance(following, Call) and not following.optional:
                    chain.value = self._method_call(chain.value, key, following)
                    index += 2
                    self._split_closed(chain)
                    continue
                if isinstance(following, Call):
                    chain.receiver = self.fresh()
                    chain.value = Code(
                        f"_get(({chain.receiver} := {chain.value.text}), {key.text})",
                        "any",
                        deeper(chain.value, key),
                    )
                else:
                    chain.value = self._member(chain.value, key)
            else:
                this = chain.receiver or "_UNDEF"
                chain.receiver = None
                chain.value = self._call(chain.value, this, link)
            index += 1
            self._split_closed(chain)
        return self._close(chain, optional_count > 0)

    def _split_closed(self, chain: _Chain) -> None:
        """Move a deep chain prefix into a function, unless it uses an open temporary."""
        if not chain.guards and chain.receiver is None:
            chain.value = self.split_if_deep(chain.value)

    def _guard(self, chain: _Chain) -> None:
        """Stop the chain with ``undefined`` if the current value is null or undefined."""
        if chain.inline:
            temp = self.fresh()
            chain.guards.append((temp, chain.value.text))
            chain.depth = max(chain.depth, chain.value.depth) + 3
            chain.value = Code(temp)
        else:
            chain.value = Code(f"_nn({chain.value.text})", "any", chain.value.depth + 1)

    def _close(self, chain: _Chain, has_optional: bool) -> Code:
        if not has_optional:
            return chain.value
        if chain.inline:
            text = chain.value.text
            depth = chain.value.depth
            for temp, guarded in reversed(chain.guards):
                text = f"(_UNDEF if ({temp} := {guarded}) is None or {temp} is _UNDEF else {text})"
                depth += 1
            return Code(text, "any", max(depth, chain.depth) + 1)
        name = self.fresh("_c")
        self.functions.append(
            f"def {name}(scope, ctx):\n    try:\n        return {chain.value.text}\n"
            "    except _ShortCircuit:\n        return _UNDEF\n"
        )
        return Code(f"{name}(scope, ctx)", "any", 1)

    def _member(self, target: Code, key: Code) -> Code:
        if target.is_constant and key.is_primitive_constant:
            try:
                value = get_property(target.value, key.value)
            except ExpressionError:
                value = NO_VALUE
            if value is not NO_VALUE and (is_primitive(value) or not is_primitive(target.value)):
                return self.constant(value)
        depth = deeper(target, key)
        if key.is_constant and type(key.value) is str:
            if target.text.isidentifier():
                temp, bound = target.text, target.text
            else:
                temp = self.fresh()
                bound = f"({temp} := {target.text})"
            return Code(
                f"({temp}.get({key.text}, _UNDEF) if type({bound}) is dict else _get({temp}, {key.text}))",
                "any",
                depth,
            )
        return Code(f"_get({target.text}, {key.text})", "any", depth)

    def _arguments(self, call: Call) -> tuple[str, list[Code]]:
        codes = [self.emit(argument) for argument in call.arguments]
        if len(codes) == 1:
            return f"({codes[0].text},)", codes
        return "(" + ", ".join(code.text for code in codes) + ")", codes

    def _method_call(self, target: Code, key: Code, call: Call) -> Code:
        """``target[key](…)``: look the method up, then evaluate the arguments, then call.

        Which body to run is chosen first (by receiver type, or by ``_method``, which
        throws for null/undefined), so the arguments are written out once.
        """
        arguments, codes = self._arguments(call)
        depth = deeper(target, key, *codes)
        if target.is_constant and key.is_primitive_constant and not is_primitive(target.value):
            function = get_property(target.value, key.value)
            if type(function) is JSFunction:
                impl = self.global_ref(function.impl)
                return Code(f"{impl}({target.text}, {arguments}, ctx)", "any", depth)
        receiver = self.fresh()
        text = self.constant(describe_callee(call.callee)).text
        general = f"_method({receiver}, {key.text}, {text})"
        fast_paths = self._method_fast_paths(key)
        if not fast_paths:
            general = general.replace(f"_method({receiver},", f"_method(({receiver} := {target.text}),")
            return Code(f"{general}({receiver}, {arguments}, ctx)", "any", depth)
        (first_test, first_impl), *others = fast_paths
        chooser = f"({first_impl} if type(({receiver} := {target.text})) is {first_test} else "
        for test, impl in others:
            chooser += f"{impl} if type({receiver}) is {test} else "
        chooser += general + ")"
        return Code(f"{chooser}({receiver}, {arguments}, ctx)", "any", depth + 1)

    def _method_fast_paths(self, key: Code) -> list[tuple[str, str]]:
        """String and array method bodies to call directly when the receiver has that type."""
        if not (key.is_constant and type(key.value) is str):
            return []
        paths = []
        for type_name, table in (("str", STRING_METHODS), ("list", ARRAY_METHODS)):
            function = table.get(key.value)
            if function is not None:
                paths.append((type_name, self.global_ref(function.impl)))
        return paths

    def _call(self, callee: Code, this: str, call: Call) -> Code:
        arguments, codes = self._arguments(call)
        depth = deeper(callee, *codes)
        if callee.is_constant and type(callee.value) is JSFunction:
            impl = self.global_ref(callee.value.impl)
            return Code(f"{impl}({this}, {arguments}, ctx)", "any", depth)
        text = self.constant(describe_callee(call.callee)).text
        return Code(f"_call_value({callee.text}, {this}, {arguments}, ctx, {text})", "any", depth)
