"""`play_message`: speak or send prompts, then go on without waiting."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, validate

from interpreter.blocktype import INTERACTIVE_PHASES, BlockType, EditorInfo, Outcome
from interpreter.compiler import BlockCompiler
from interpreter.engine.effects import Say
from interpreter.engine.run import BlockRun
from interpreter.fields import Bool, prompt_list


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
    phases = INTERACTIVE_PHASES

    def compile(self, props: dict[str, Any], compiler: BlockCompiler) -> Any:
        return {"prompts": compiler.prompts("prompts", props["prompts"]),
                "bargein": props["bargein"]}

    def enter(self, run: BlockRun, props: Any) -> Outcome:
        run.emit(Say(run.block_id, run.prompts(props["prompts"]), props["bargein"], run.language))
        return "next"
