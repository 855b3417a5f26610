"""Turns a loaded `Flow` into a `CompiledFlow` the engine can run without parsing anything.

Each block's props are loaded with its type's schema and compiled by the type (expressions and
templates parsed once, here). Problems are collected, not raised one at a time, so the
validator and the editor can show them all at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from marshmallow import ValidationError

from interpreter.blocktype import BlockType
from interpreter.expressions import (
    CompiledExpression,
    CompiledTemplate,
    ExpressionSyntaxError,
    compile_expression,
    compile_template,
)
from interpreter.flow_model import Flow, thaw
from interpreter.loader import problems_from_marshmallow
from interpreter.problems import FlowFormatError, Problem, error, has_errors
from interpreter.registry import BlockRegistry


@dataclass(frozen=True, slots=True)
class CompiledPromptItem:
    """One prompt item ready to render: tts template, audio id, prompt id, announcement name or
    formatted value."""

    kind: str
    template: CompiledTemplate | None = None
    expression: CompiledExpression | None = None
    ref: str = ""
    say_as: str = ""


@dataclass(frozen=True, slots=True)
class CompiledBlock:
    id: str
    type: BlockType
    props: Any
    next: Mapping[str, str]
    ports: tuple[str, ...]
    label: str
    loaded_props: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """The props as the schema loaded them, before the type compiled them (for validation)."""


@dataclass(slots=True)
class CompiledFlow:
    flow: Flow
    blocks: dict[str, CompiledBlock]
    prompts: dict[str, dict[str, CompiledPromptItem]]
    defaults: dict[str, Any]
    expression_reads: list[tuple[str, str, frozenset[str]]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.flow.id

    @property
    def version(self) -> str:
        return self.flow.version


class _Failed:
    """Stands in for an expression that did not parse, so compilation can go on collecting."""

    names: frozenset[str] = frozenset()

    def __init__(self, source: str):
        self.source = source


class BlockCompiler:
    """Given to a block type's `compile`: parses its expressions and records what they read."""

    def __init__(self, block_id: str, problems: list[Problem],
                 reads: list[tuple[str, str, frozenset[str]]]):
        self.block_id = block_id
        self.problems = problems
        self.reads = reads

    def expression(self, path: str, source: str) -> CompiledExpression:
        try:
            compiled = compile_expression(source)
        except ExpressionSyntaxError as exc:
            self._syntax_problem(path, exc)
            return _Failed(source)  # type: ignore[return-value]
        self.reads.append((self.block_id, path, compiled.names))
        return compiled

    def template(self, path: str, source: str) -> CompiledTemplate:
        try:
            compiled = compile_template(source)
        except ExpressionSyntaxError as exc:
            self._syntax_problem(path, exc)
            return _Failed(source)  # type: ignore[return-value]
        self.reads.append((self.block_id, path, compiled.names))
        return compiled

    def prompts(self, path: str, items: list[Mapping[str, Any]]) -> tuple[CompiledPromptItem, ...]:
        compiled: list[CompiledPromptItem] = []
        for index, item in enumerate(items):
            where = f"{path}[{index}]"
            if "tts" in item:
                template = self.template(f"{where}.tts", item["tts"])
                compiled.append(CompiledPromptItem("tts", template=template))
            elif "audio" in item:
                compiled.append(CompiledPromptItem("audio", ref=item["audio"]))
            elif "prompt" in item:
                compiled.append(CompiledPromptItem("prompt", ref=item["prompt"]))
            elif "announcement" in item:
                compiled.append(CompiledPromptItem("announcement", ref=item["announcement"]))
            else:
                compiled.append(CompiledPromptItem(
                    "value", expression=self.expression(f"{where}.value", item["value"]),
                    say_as=item.get("as", "")))
        return tuple(compiled)

    def problem(self, path: str, message: str, code: str = "props") -> None:
        self.problems.append(error(code, message, self.block_id, path))

    def _syntax_problem(self, path: str, exc: ExpressionSyntaxError) -> None:
        self.problems.append(error("expression_syntax", exc.message, self.block_id, path,
                                   line=exc.line, column=exc.column))


def compile_blocks(flow: Flow, registry: BlockRegistry) -> tuple[CompiledFlow, list[Problem]]:
    """Compile every block; problems (unknown types, bad props, bad expressions) are returned."""
    problems: list[Problem] = []
    reads: list[tuple[str, str, frozenset[str]]] = []
    blocks: dict[str, CompiledBlock] = {}
    for block in flow.blocks.values():
        block_type = registry.get(block.type)
        if block_type is None:
            problems.append(error("unknown_type", f"'{block.type}' is not a block type this "
                                  f"Designer knows.", block.id, "type"))
            continue
        try:
            props = block_type.load_props(block.props)
        except ValidationError as exc:
            for problem in problems_from_marshmallow(exc.messages):
                problems.append(error("props", problem.message, block.id, problem.path))
            continue
        compiler = BlockCompiler(block.id, problems, reads)
        compiled_props = block_type.compile(props, compiler)
        blocks[block.id] = CompiledBlock(block.id, block_type, compiled_props, dict(block.next),
                                         block_type.ports(props), block.label or block.id, props)
    prompts = _compile_prompt_library(flow, problems, reads)
    defaults = {name: thaw(decl.default) for name, decl in flow.variables.items()}
    return CompiledFlow(flow, blocks, prompts, defaults, reads), problems


def _compile_prompt_library(flow: Flow, problems: list[Problem],
                            reads: list[tuple[str, str, frozenset[str]]]
                            ) -> dict[str, dict[str, CompiledPromptItem]]:
    library: dict[str, dict[str, CompiledPromptItem]] = {}
    for prompt_id, variants in flow.prompts.items():
        compiler = BlockCompiler(f"prompt:{prompt_id}", problems, reads)
        library[prompt_id] = {}
        for language, variant in variants.items():
            template = compiler.template(f"{language}.tts", variant.get("tts", ""))
            if variant.get("audio"):
                item = CompiledPromptItem("audio", ref=variant["audio"], template=template)
            else:
                item = CompiledPromptItem("tts", template=template)
            library[prompt_id][language] = item
    return library


def compile_flow(flow: Flow, registry: BlockRegistry) -> CompiledFlow:
    """Compile a flow for running; raises FlowFormatError when anything does not compile."""
    compiled, problems = compile_blocks(flow, registry)
    if has_errors(problems):
        raise FlowFormatError([p for p in problems if p.severity == "error"])
    return compiled
