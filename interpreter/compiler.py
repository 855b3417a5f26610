"""Turns a loaded `Flow` into a `CompiledFlow` the engine can run without parsing anything.

Each block's props are loaded with its type's schema and compiled by the type (expressions and
templates parsed once, here). Problems are collected, not raised one at a time, so the
validator and the editor can show them all at once. What a block's own `compile` is handed
(`BlockCompiler`, `CompiledPromptItem`) lives one layer down, in `interpreter.block_compiler`,
and is named here too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from marshmallow import ValidationError

from interpreter.block_compiler import BlockCompiler, CompiledPromptItem
from interpreter.blocktype import BlockType
from interpreter.flow_model import Flow, thaw
from interpreter.loader import problems_from_marshmallow
from interpreter.problems import FlowFormatError, Problem, error, has_errors
from interpreter.registry import BlockRegistry


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


__all__ = ["BlockCompiler", "CompiledBlock", "CompiledFlow", "CompiledPromptItem",
           "compile_blocks", "compile_flow"]
