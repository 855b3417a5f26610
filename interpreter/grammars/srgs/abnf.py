"""SRGS ABNF form to the grammar model, with the line of every problem.

The syntax is `abnf.lark` (LALR, loaded once); this module checks the `#ABNF 1.0;` header and
turns the parse tree into model nodes through the shared `GrammarBuilder`, so the limits and
checks are the same as for GRXML. Only references within the grammar (`$name`) and the special
rules (`$NULL`, `$VOID`, `$GARBAGE`) are supported.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from lark import Lark, Token, Tree, UnexpectedInput

from .builder import GrammarBuilder, parse_repeat
from .limits import MAX_NESTING, MAX_SOURCE_CHARS
from .model import SPECIAL_RULES, Expansion, SrgsError
from .semantics import TagSyntaxError

HEADER = re.compile(r"\A(\s*)#ABNF[ \t]+1\.0(?:[ \t]+[A-Za-z0-9._-]+)?[ \t]*;")


@cache
def _parser() -> Lark:
    return Lark((Path(__file__).parent / "abnf.lark").read_text(encoding="utf-8"),
                parser="lalr", propagate_positions=True, maybe_placeholders=False)


def _check_nesting(source: str) -> None:
    depth = 0
    line = 1
    for char in source:
        if char == "\n":
            line += 1
        elif char in "([":
            depth += 1
            if depth > MAX_NESTING:
                raise SrgsError(f"brackets are nested more than {MAX_NESTING} deep", line)
        elif char in ")]":
            depth = max(depth - 1, 0)


def parse_abnf(source: str) -> GrammarBuilder:
    """The rules of an ABNF grammar, not yet checked (`GrammarBuilder.finish` does that)."""
    if len(source) > MAX_SOURCE_CHARS:
        raise SrgsError(f"the grammar is longer than {MAX_SOURCE_CHARS:,} characters", 1)
    header = HEADER.match(source)
    if header is None:
        raise SrgsError("an ABNF grammar starts with '#ABNF 1.0;'", 1)
    body = header.group(1) + re.sub(r"[^\n]", " ", source[len(header.group(1)):header.end()])
    body += source[header.end():]
    _check_nesting(body)
    try:
        tree = _parser().parse(body)
    except UnexpectedInput as exc:
        near = exc.get_context(body, 30).splitlines()[0].strip() if body else ""
        raise SrgsError(f"this is not valid SRGS ABNF near '{near}'", exc.line,
                        exc.column) from None
    return _Reader().read(tree)


class _Reader:
    def read(self, tree: Tree[Any]) -> GrammarBuilder:
        settings: dict[str, str] = {}
        rules: list[Tree[Any]] = []
        for child in tree.children:
            if child.data == "rule_def":
                rules.append(child)
            elif child.data != "ignored":
                settings[str(child.data)] = str(child.children[0])
        tag_format = settings.get("tag_format", "<>")[1:-1]
        self.builder = GrammarBuilder(settings.get("root", "$")[1:], settings.get("mode", "voice"),
                                      settings.get("language", ""), tag_format)
        for rule in rules:
            parts = rule.children
            public = len(parts) == 3 and str(parts[0]) == "public"
            name_token: Any = parts[-2]
            self.builder.add_rule(str(name_token)[1:], self._alternatives(parts[-1]), public,
                                  name_token.line)
        return self.builder

    def _alternatives(self, tree: Tree[Any]) -> Expansion:
        choices: list[Expansion] = []
        weights: list[float] = []
        for alternative in tree.children:
            parts: list[Any] = list(alternative.children)
            weight = 1.0
            if isinstance(parts[0], Token) and parts[0].type == "WEIGHT":
                weight = self.builder.weight(parts[0].strip("/ \t"), parts[0].line or 0)
                parts = parts[1:]
            weights.append(weight)
            choices.append(self.builder.sequence([self._item(item) for item in parts]))
        return self.builder.alternatives(choices, weights)

    def _item(self, item: Tree[Any]) -> Expansion:
        element = self._element(item.children[0])
        if len(item.children) == 2:
            repeat: Any = item.children[1]
            text = re.sub(r"/[0-9.]+/", "", str(repeat)[1:-1])
            return parse_repeat(self.builder, element, text, repeat.line)
        return element

    def _element(self, tree: Tree[Any]) -> Expansion:
        kind = tree.data
        if kind in ("group", "optional"):
            inner = self._alternatives(tree.children[0])
            if kind == "optional":
                return parse_repeat(self.builder, inner, "0-1", tree.meta.line)
            return inner
        token: Any = tree.children[0]
        line = token.line or 0
        text = str(token)
        if kind == "word":
            return self.builder.token(text, line) or self.builder.sequence([])
        if kind == "quoted":
            return self.builder.token(text[1:-1], line) or self.builder.sequence([])
        if kind == "reference":
            name = text[1:]
            if name in SPECIAL_RULES:
                return self.builder.special(name, line)
            return self.builder.reference(name, line)
        if kind == "external":
            raise SrgsError(f"only references to rules of the same grammar ($name) are "
                            f"supported, not '{text}'", line)
        script = text[3:-3] if text.startswith("{!{") else text[1:-1]
        try:
            return self.builder.tag(script, line)
        except TagSyntaxError as exc:
            raise SrgsError(exc.message, line + exc.line - 1) from None
