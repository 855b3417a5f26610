"""`record` (voice): record the caller (a voicemail, a reason for calling) after a beep."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, validate

from interpreter.blocktype import WAIT, BlockType, EditorInfo, FieldInfo, Outcome
from interpreter.compiler import BlockCompiler
from interpreter.engine.effects import Record as RecordEffect
from interpreter.engine.errors import UnexpectedEventError
from interpreter.engine.events import Event, Input, Recorded, Timeout
from interpreter.engine.run import BlockRun
from interpreter.fields import Bool, Int, identifier, prompt_list


class RecordProps(Schema):
    prompts = prompt_list()
    beep = Bool(load_default=True)
    max_seconds = Int(load_default=60, validate=validate.Range(min=1, max=3600))
    final_silence_ms = Int(load_default=3000, validate=validate.Range(min=100, max=60000))
    dtmf_terminates = Bool(load_default=True)
    variable = identifier(required=True)


class Record(BlockType):
    name = "record"
    editor = EditorInfo("Record", "Prompts & input", "mic",
                        "Records the caller after an optional beep, until silence, a key press "
                        "or the time limit; the recording's id goes into a variable. Voice only.",
                        color="#3f7f9f")
    props_schema = RecordProps
    editor_fields = (
        FieldInfo("prompts", "Prompts", "Said before recording starts.", summary=True),
        FieldInfo("variable", "Store recording in", "The variable that receives the recording."),
        FieldInfo("beep", "Beep", "Play a beep when recording starts."),
        FieldInfo("max_seconds", "Longest recording (s)", "Recording stops after this many "
                  "seconds."),
        FieldInfo("final_silence_ms", "Silence that ends it (ms)", "Recording stops after this "
                  "much silence.", advanced=True),
        FieldInfo("dtmf_terminates", "A key press ends it", "Any key press stops the recording.",
                  advanced=True),
    )
    phases = frozenset({"self_service"})
    channels = frozenset({"voice"})
    static_ports = ("next", "noinput")
    waits = True

    def compile(self, props: dict[str, Any], compiler: BlockCompiler) -> Any:
        return {**props, "prompts": compiler.prompts("prompts", props["prompts"])}

    def written_variables(self, props: Any) -> list[tuple[str, str]]:
        return [("variable", props["variable"])]

    def enter(self, run: BlockRun, props: Any) -> Outcome:
        run.emit(RecordEffect(run.block_id, run.prompts(props["prompts"]), props["beep"],
                              props["max_seconds"], props["final_silence_ms"],
                              props["dtmf_terminates"], run.language))
        return WAIT

    def resume(self, run: BlockRun, props: Any, event: Event) -> Outcome:
        if isinstance(event, Recorded) and event.recording_id:
            run.set(props["variable"], event.recording_id)
            run.record("input_outcome", {"outcome": "match"})
            return "next"
        if isinstance(event, Recorded | Timeout) or (isinstance(event, Input)
                                                     and event.type == "noinput"):
            run.record("input_outcome", {"outcome": "noinput"})
            return "noinput"
        raise UnexpectedEventError(f"record block '{run.block_id}' waits for a recording, "
                                   f"not '{event.kind}'")
