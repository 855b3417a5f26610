"""What a block type's `compile` is given: the `BlockCompiler` that parses its expressions,
templates and prompt lists, and the `CompiledPromptItem`s it makes of them.

This sits below `interpreter.blocktype`, which names `BlockCompiler` in its `compile` signature,
and below `interpreter.compiler`, which hands one to every block it compiles: neither of them
needs the other to say what compiling a block's props means.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from interpreter.expressions import (
    CompiledExpression,
    CompiledTemplate,
    ExpressionSyntaxError,
    compile_expression,
    compile_template,
)
from interpreter.problems import Problem, error


@dataclass(frozen=True, slots=True)
class CompiledPromptItem:
    """One prompt item ready to render: tts template, audio id, prompt id, announcement name or
    formatted value."""

    kind: str
    template: CompiledTemplate | None = None
    expression: CompiledExpression | None = None
    ref: str = ""
    say_as: str = ""


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
