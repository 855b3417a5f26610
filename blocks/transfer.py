"""`transfer` (voice): send the call to a number or SIP address, blind or bridged."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from blocks.route import AFTER_AGENT, AGENT_HANGUP, after_agent
from interpreter.blocktype import WAIT, BlockType, EditorInfo, FieldInfo, JumpToFinalize, Outcome
from interpreter.compiler import BlockCompiler
from interpreter.engine.effects import Transfer as TransferEffect
from interpreter.engine.effects import secure_data_parts
from interpreter.engine.errors import FlowRuntimeError, UnexpectedEventError
from interpreter.engine.events import Event, Timeout, TransferResult
from interpreter.engine.run import BlockRun
from interpreter.expressions import to_js_string
from interpreter.expressions.plain_json import attached_data
from interpreter.fields import Expression


class TransferProps(Schema):
    destination = Expression(required=True)
    mode = fields.String(load_default="blind", validate=validate.OneOf(("blind", "bridge")))


class Transfer(BlockType):
    name = "transfer"
    editor = EditorInfo("Transfer", "Routing", "phone-forwarded",
                        "Transfers the call to a phone number or SIP address ('blind' hands it "
                        "over, 'bridge' stays in the middle). Success ends the flow in "
                        "finalize; busy, no answer or failure takes 'failed'; a bridged call "
                        "whose agent hangs up first continues at 'after_agent' if connected. "
                        "Voice only.",
                        color="#4f8f6d")
    props_schema = TransferProps
    editor_fields = (
        FieldInfo("destination", "Destination", "An expression giving the number or SIP "
                  "address to transfer to.", summary=True),
        FieldInfo("mode", "Mode", "Blind hands the call over; bridge stays on the line.",
                  advanced=True),
    )
    phases = frozenset({"self_service", "assisted_service"})
    channels = frozenset({"voice"})
    static_ports = ("failed", AFTER_AGENT)
    ports_when_connected = frozenset({AFTER_AGENT})
    waits = True

    def compile(self, props: dict[str, Any], compiler: BlockCompiler) -> Any:
        return {**props, "destination": compiler.expression("destination", props["destination"])}

    def enter(self, run: BlockRun, props: Any) -> Outcome:
        destination = to_js_string(run.eval(props["destination"])).strip()
        if not destination:
            raise FlowRuntimeError("TransferError", "the transfer destination is empty")
        data = attached_data(run.data)
        secure = ("destination",) if run.reads_secret(props["destination"]) else ()
        run.emit(TransferEffect(run.block_id, destination, props["mode"], data,
                                (*secure, *secure_data_parts(data, run.secure_data))))
        return WAIT

    def resume(self, run: BlockRun, props: Any, event: Event) -> Outcome:
        if isinstance(event, Timeout):
            event = TransferResult("noanswer")
        if not isinstance(event, TransferResult):
            raise UnexpectedEventError(f"transfer block '{run.block_id}' waits for the transfer "
                                       f"result, not '{event.kind}'")
        run.record("transfer_result", {"status": event.status})
        if event.status == AGENT_HANGUP:
            return after_agent(run, "transferred")
        if event.status == "success":
            return JumpToFinalize("transferred")
        run.system["LastError"] = {"block": run.block_id, "type": "TransferFailed",
                                   "message": f"transfer {event.status}"}
        return "failed"
