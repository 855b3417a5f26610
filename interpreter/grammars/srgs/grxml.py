"""SRGS XML form (GRXML) to the grammar model, with the line of every problem.

Parsed with the standard library's expat directly rather than ElementTree, for two reasons: we
need each element's line to report problems, and we refuse any DOCTYPE, entity declaration or
external entity outright (no entity expansion at all, as defusedxml does), so neither "billion
laughs" nor external files can come in through a grammar. Size and nesting are capped
(`limits`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from .builder import GrammarBuilder, parse_repeat
from .limits import MAX_NESTING, MAX_SOURCE_CHARS
from .model import Expansion, RuleRef, SrgsError, Tag
from .semantics import TagSyntaxError

SRGS_NAMESPACE = "http://www.w3.org/2001/06/grammar"
IGNORED = frozenset({"example", "lexicon", "meta", "metadata"})


@dataclass
class _Element:
    tag: str
    attributes: dict[str, str]
    line: int
    children: list[_Element | tuple[str, int]] = field(default_factory=list)


class _Forbidden(Exception):
    pass


def _tree(source: str) -> _Element:
    parser = expat.ParserCreate(namespace_separator=" ")
    stack: list[_Element] = []
    root: list[_Element] = []

    def forbid(*_: Any) -> int:
        raise _Forbidden

    def start(name: str, attributes: dict[str, str]) -> None:
        if len(stack) >= MAX_NESTING:
            raise SrgsError(f"elements are nested more than {MAX_NESTING} deep",
                            parser.CurrentLineNumber)
        element = _Element(name.split(" ")[-1], attributes, parser.CurrentLineNumber)
        if stack:
            stack[-1].children.append(element)
        else:
            root.append(element)
        stack.append(element)

    def end(name: str) -> None:
        stack.pop()

    def text(data: str) -> None:
        if stack:
            stack[-1].children.append((data, parser.CurrentLineNumber))

    parser.StartDoctypeDeclHandler = forbid
    parser.EntityDeclHandler = forbid
    parser.ExternalEntityRefHandler = forbid
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(source, True)
    except _Forbidden:
        raise SrgsError("a grammar may not have a DOCTYPE or entities",
                        parser.CurrentLineNumber) from None
    except expat.ExpatError as exc:
        raise SrgsError(f"not well-formed XML: {expat.ErrorString(exc.code)}", exc.lineno,
                        exc.offset + 1) from None
    return root[0]


def parse_grxml(source: str) -> GrammarBuilder:
    """The rules of a GRXML document, not yet checked (`GrammarBuilder.finish` does that)."""
    if len(source) > MAX_SOURCE_CHARS:
        raise SrgsError(f"the grammar is longer than {MAX_SOURCE_CHARS:,} characters", 1)
    root = _tree(source)
    if root.tag != "grammar":
        raise SrgsError("the document's root element must be <grammar>", root.line)
    attributes = root.attributes
    builder = GrammarBuilder(
        root=attributes.get("root", ""), mode=attributes.get("mode", "voice"),
        language=attributes.get("http://www.w3.org/XML/1998/namespace lang", ""),
        tag_format=attributes.get("tag-format", ""), line=root.line)
    for child in root.children:
        if isinstance(child, tuple):
            if child[0].strip():
                raise SrgsError("text outside a rule", child[1])
            continue
        if child.tag in IGNORED:
            continue
        if child.tag == "tag":
            continue  # a grammar-level tag declares script; nothing to run here
        if child.tag != "rule":
            raise SrgsError(f"<{child.tag}> cannot be used in <grammar>", child.line)
        name = child.attributes.get("id", "")
        builder.add_rule(name, _sequence(builder, child.children),
                         child.attributes.get("scope") == "public", child.line)
    return builder


_QUOTED_OR_WORD = re.compile(r'"([^"]*)"|(\S+)')


def _words(builder: GrammarBuilder, text: str, line: int) -> list[Expansion]:
    tokens: list[Expansion] = []
    for match in _QUOTED_OR_WORD.finditer(text):
        token = builder.token(match.group(1) if match.group(1) is not None else match.group(2),
                              line)
        if token is not None:
            tokens.append(token)
    return tokens


def _sequence(builder: GrammarBuilder, children: list[_Element | tuple[str, int]]
              ) -> Expansion:
    items: list[Expansion] = []
    for child in children:
        if isinstance(child, tuple):
            items.extend(_words(builder, *child))
        elif child.tag not in IGNORED:
            items.append(_element(builder, child))
    return builder.sequence(items)


def _text_of(element: _Element) -> str:
    parts: list[str] = []
    for child in element.children:
        if not isinstance(child, tuple):
            raise SrgsError(f"<{element.tag}> holds text only", child.line)
        parts.append(child[0])
    return "".join(parts)


def _element(builder: GrammarBuilder, element: _Element) -> Expansion:
    tag, attributes, line = element.tag, element.attributes, element.line
    if tag == "item":
        body = _sequence(builder, element.children)
        repeat = attributes.get("repeat")
        return parse_repeat(builder, body, repeat, line) if repeat is not None else body
    if tag == "one-of":
        choices: list[Expansion] = []
        weights: list[float] = []
        for child in element.children:
            if isinstance(child, tuple):
                if child[0].strip():
                    raise SrgsError("<one-of> holds <item> elements only", child[1])
                continue
            if child.tag != "item":
                raise SrgsError(f"<{child.tag}> cannot be used in <one-of>", child.line)
            weights.append(builder.weight(child.attributes.get("weight"), child.line))
            choices.append(_element(builder, child))
        if not choices:
            raise SrgsError("<one-of> needs at least one <item>", line)
        return builder.alternatives(choices, weights)
    if tag == "ruleref":
        return _ruleref(builder, attributes, line)
    if tag == "token":
        token = builder.token(_text_of(element), line)
        return token if token is not None else builder.sequence([])
    if tag == "tag":
        try:
            return builder.tag(_text_of(element), line)
        except TagSyntaxError as exc:
            raise SrgsError(exc.message, line + exc.line - 1) from None
    raise SrgsError(f"<{tag}> is not an SRGS element this Designer knows", line)


def _ruleref(builder: GrammarBuilder, attributes: dict[str, str], line: int) -> RuleRef | Tag:
    special = attributes.get("special")
    if special is not None:
        return builder.special(special, line)
    uri = attributes.get("uri", "")
    if not uri.startswith("#") or len(uri) < 2:
        raise SrgsError(f"only references to rules of the same grammar (uri=\"#name\") are "
                        f"supported, not '{uri}'", line)
    return builder.reference(uri[1:], line)
