"""`set_language`: switch the language prompts and speech use from here on."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema

from interpreter.blocktype import BlockType, EditorInfo, FieldInfo, Outcome
from interpreter.compiler import BlockCompiler
from interpreter.engine.effects import LanguageChanged
from interpreter.engine.errors import FlowRuntimeError
from interpreter.engine.run import BlockRun
from interpreter.expressions import to_js_string
from interpreter.fields import Expression


class SetLanguageProps(Schema):
    language = Expression(required=True)


class SetLanguage(BlockType):
    name = "set_language"
    editor = EditorInfo("Set language", "Prompts & input", "globe",
                        "Switches the language of prompts, speech and recognition, e.g. "
                        "'es-US'. The language must be one of the flow's languages.")
    props_schema = SetLanguageProps
    editor_fields = (
        FieldInfo("language", "Language", "An expression giving the language code, e.g. 'en-US'.",
                  summary=True),
    )

    def compile(self, props: dict[str, Any], compiler: BlockCompiler) -> Any:
        return compiler.expression("language", props["language"])

    def enter(self, run: BlockRun, props: Any) -> Outcome:
        language = to_js_string(run.eval(props))
        if language not in run.flow.flow.languages:
            raise FlowRuntimeError("LanguageError", f"'{language}' is not one of this flow's "
                                   f"languages ({', '.join(run.flow.flow.languages)})")
        run.set_language(language)
        run.emit(LanguageChanged(run.block_id, language))
        return "next"
