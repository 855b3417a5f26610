"""`bot`: hand the conversation to a natural-language bot until it settles on an intent.

The block loops inside itself: each caller turn goes to the bot (`BotTurn`), the bot's messages
are spoken or sent, and when the bot closes an intent the block takes that intent's port (or
`fallback`). Transport failures and timeouts take `error`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from blocks.common import port_name, unique
from interpreter.blocktype import WAIT, BlockType, EditorInfo, FieldInfo, Outcome
from interpreter.compiler import BlockCompiler
from interpreter.engine.effects import BotTurn, Collect, PromptOut, Say
from interpreter.engine.errors import FlowRuntimeError, UnexpectedEventError
from interpreter.engine.events import BotResponse, Event, Input, Timeout
from interpreter.engine.run import BlockRun
from interpreter.fields import Int, identifier, prompt_list


class BotProps(Schema):
    bot = fields.String(required=True,
                        validate=validate.Regexp(r"^[A-Za-z0-9_][A-Za-z0-9_ .-]{0,63}$"))
    prompts = prompt_list()
    intents = fields.List(port_name(), load_default=list, validate=validate.Length(max=50))
    max_turns = Int(load_default=10, validate=validate.Range(min=1, max=50))
    result_variable = identifier(load_default=None, allow_none=True)
    dtmf = fields.Dict(keys=fields.String(validate=validate.Regexp(r"^[0-9*#]{1,4}$")),
                       values=fields.String(), load_default=dict)
    timeout_ms = Int(load_default=None, allow_none=True, validate=validate.Range(min=500, max=120000))

    @validates_schema
    def _intents(self, data: dict[str, Any], **kwargs: Any) -> None:
        unique(list(data.get("intents", [])), "Intent")
        clash = sorted(set(data.get("intents", [])) & {"fallback", "error"})
        if clash:
            raise ValidationError(f"'{clash[0]}' is a built-in port of the bot block.", "intents")


class Bot(BlockType):
    name = "bot"
    editor = EditorInfo("Bot", "Bots", "bot",
                        "Lets a bot from the Bot Registry (Lex, Dialogflow or a native bot) talk "
                        "with the caller until it recognises an intent. Each listed intent is a "
                        "port; anything else takes 'fallback'; a failure takes 'error'.",
                        color="#8f4f8f")
    props_schema = BotProps
    editor_fields = (
        FieldInfo("bot", "Bot", "The bot from the bot registry that talks with the customer.",
                  summary=True),
        FieldInfo("prompts", "Prompts", "Said or sent before the bot's first turn."),
        FieldInfo("intents", "Intents", "Intents that leave the conversation: one port each."),
        FieldInfo("result_variable", "Store result in", "The variable that receives the bot's "
                  "result (intent, slots, text)."),
        FieldInfo("max_turns", "Most turns", "The conversation ends after this many turns.",
                  advanced=True),
        FieldInfo("dtmf", "Keys to intents", "Key presses that stand for an intent on voice.",
                  advanced=True),
        FieldInfo("timeout_ms", "Answer timeout (ms)", "How long the bot waits for the customer.",
                  advanced=True),
    )
    phases = frozenset({"self_service"})
    static_ports = ("fallback", "error")
    waits = True

    def ports(self, props: Any) -> tuple[str, ...]:
        return (*props["intents"], "fallback", "error")

    def resources(self, props: Mapping[str, Any]) -> list[tuple[str, str, str]]:
        return [("bot", "bot", props["bot"])]

    def compile(self, props: dict[str, Any], compiler: BlockCompiler) -> Any:
        return {**props, "prompts": compiler.prompts("prompts", props["prompts"])}

    def written_variables(self, props: Any) -> list[tuple[str, str]]:
        return [("result_variable", props["result_variable"])] if props["result_variable"] else []

    def enter(self, run: BlockRun, props: Any) -> Outcome:
        run.block_state.update(turn=0)
        prompts = run.prompts(props["prompts"])
        if prompts:
            self._collect(run, prompts)
        else:
            self._send(run, props, None, None)
        return WAIT

    def resume(self, run: BlockRun, props: Any, event: Event) -> Outcome:
        state = run.block_state
        if isinstance(event, Timeout):
            if state.get("awaiting") == "bot":
                raise FlowRuntimeError("BotError", f"bot '{props['bot']}' did not answer in time")
            event = Input("noinput")
        if isinstance(event, Input):
            if event.type == "dtmf" and event.value.rstrip("#") in props["dtmf"]:
                intent = props["dtmf"][event.value.rstrip("#")]
                return self._settle(run, props, BotResponse("fulfilled", intent, confidence=1.0))
            text = event.value if event.type in ("text", "dtmf") else ""
            self._send(run, props, text, event.value if event.type == "dtmf" else None)
            return WAIT
        if not isinstance(event, BotResponse):
            raise UnexpectedEventError(f"bot block '{run.block_id}' waits for the caller or the "
                                       f"bot, not '{event.kind}'")
        if event.error:
            raise FlowRuntimeError("BotError", event.error)
        if event.messages:
            run.emit(Say(run.block_id, tuple(PromptOut(text=m) for m in event.messages),
                         True, run.language))
        context = event.raw.get("context") if isinstance(event.raw, dict) else None
        if isinstance(context, dict):
            state["context"] = context
        if event.state == "in_progress":
            if state.get("turn", 0) >= props["max_turns"]:
                return self._settle(run, props, BotResponse("fallback", event.intent,
                                                            dict(event.slots), event.confidence))
            self._collect(run, ())
            return WAIT
        return self._settle(run, props, event)

    def _collect(self, run: BlockRun, prompts: tuple[PromptOut, ...]) -> None:
        run.block_state["awaiting"] = "caller"
        run.emit(Collect(run.block_id, "bot", prompts, grammar="text", terminator="#",
                         language=run.language, speech=True))

    def _send(self, run: BlockRun, props: Any, text: str | None, dtmf: str | None) -> None:
        state = run.block_state
        state["turn"] = state.get("turn", 0) + 1
        state["awaiting"] = "bot"
        run.emit(BotTurn(run.block_id, props["bot"], text, state["turn"],
                         f"{run.session_id}-{run.block_id}", run.language, dtmf,
                         state.get("context"), props["timeout_ms"]))

    def _settle(self, run: BlockRun, props: Any, event: BotResponse) -> Outcome:
        result = {"intent": event.intent, "slots": dict(event.slots),
                  "confidence": event.confidence, "messages": list(event.messages),
                  "raw": {k: v for k, v in event.raw.items() if k != "context"}}
        run.system["BotResult"] = result
        if props["result_variable"]:
            run.set(props["result_variable"], result)
        run.record("bot_intent", {"bot": props["bot"], "intent": event.intent,
                                  "confidence": event.confidence, "state": event.state})
        if event.state in ("fulfilled", "ready") and event.intent in props["intents"]:
            return str(event.intent)
        return "fallback"
