"""`play_message`: speak or send prompts, then go on without waiting."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import Schema, validate

from blocks.editor_fields import BARGE_IN
from interpreter.blocktype import INTERACTIVE_PHASES, BlockType, EditorInfo, FieldInfo, Outcome
from interpreter.compiler import BlockCompiler
from interpreter.engine.effects import Say
from interpreter.engine.run import BlockRun
from interpreter.fields import Bool, prompt_list
from interpreter.validation.content import prompts_have_content


class PlayMessageProps(Schema):
    prompts = prompt_list(required=True, validate=validate.Length(min=1, max=50))
    bargein = Bool(load_default=True)


class PlayMessage(BlockType):
    name = "play_message"
    editor = EditorInfo("Play message", "Prompts & input", "message-square",
                        "Speaks (voice) or sends (chat) one or more prompts: text with "
                        "{{ expressions }}, audio files, library prompts or formatted values.",
                        color="#3f7f9f")
    props_schema = PlayMessageProps
    editor_fields = (
        FieldInfo("prompts", "Prompts", "What is said (voice) or sent (chat), in order.",
                  summary=True),
        BARGE_IN,
    )
    phases = INTERACTIVE_PHASES

    def compile(self, props: dict[str, Any], compiler: BlockCompiler) -> Any:
        return {"prompts": compiler.prompts("prompts", props["prompts"]),
                "bargein": props["bargein"]}

    def missing_content(self, props: Mapping[str, Any]) -> list[tuple[str, str]]:
        if prompts_have_content(props.get("prompts")):
            return []
        return [("prompts", "The message is empty: write what to say, or choose an audio "
                 "file or announcement.")]

    def enter(self, run: BlockRun, props: Any) -> Outcome:
        run.emit(Say(run.block_id, run.prompts(props["prompts"]), props["bargein"], run.language))
        return "next"
