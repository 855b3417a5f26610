"""`designer run FLOW`: a console simulator that plays a flow as a caller or chatter would.

Type digits for DTMF (voice) or text (chat, or speech on voice); `!noinput`, `!nomatch`,
`!hangup` and `!quit` do what they say. The outside world (web services, bots, routes) is
answered at the prompt, so a flow can be tried before any of it exists.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from blocks import shared_registry
from interpreter.compiler import compile_flow
from interpreter.engine.effects import (
    BotTurn,
    Callback,
    Collect,
    Effect,
    HttpRequest,
    Record,
    Route,
    Transfer,
)
from interpreter.engine.engine import Engine, Step
from interpreter.engine.events import (
    BotResponse,
    CallbackResult,
    Event,
    Hangup,
    HttpResponse,
    Input,
    Recorded,
    RouteResult,
    TransferResult,
)
from interpreter.host import StaticHost
from interpreter.loader import load_flow
from interpreter.problems import FlowFormatError
from runtime.flow_library import FlowLibrary

Ask = Callable[[str], str]


def describe(effect: Effect) -> str:
    """One line for an effect, as the simulator shows it."""
    data = effect.to_json()
    kind = data.pop("kind")
    block = data.pop("block", "")
    if kind in ("say", "collect"):
        text = getattr(effect, "text", "")
        audio = [p["audio"] for p in data.get("prompts", []) if "audio" in p]
        extra = f" (audio: {', '.join(audio)})" if audio else ""
        if isinstance(effect, Collect) and effect.options:
            choices = ", ".join(f"{o.key}={o.label}" for o in effect.options)
            extra += f" [{choices}]"
        if isinstance(effect, Collect) and effect.reprompt:
            extra += f" (re-prompt after {effect.reprompt})"
        return f"[{block}] {kind}: {text}{extra}"
    summary = ", ".join(f"{k}={json.dumps(v)}" for k, v in data.items() if v not in (None, {}, []))
    return f"[{block}] {kind}: {summary}"


def world_event(effect: Effect, ask: Ask) -> Event | None:
    """The outside world's answer to an effect, asked for at the console."""
    if isinstance(effect, HttpRequest):
        reply = ask(f"HTTP {effect.method} {effect.url} → status and JSON body [200 {{}}]").strip()
        match = re.match(r"^(\d{3})?\s*(.*)$", reply, re.S)
        status = int(match.group(1)) if match and match.group(1) else 200
        body_text = match.group(2) if match else ""
        try:
            body = json.loads(body_text) if body_text else {}
        except ValueError:
            body = body_text
        return HttpResponse(status=status, body=body)
    if isinstance(effect, BotTurn):
        reply = ask(f"bot '{effect.bot}' heard {effect.text!r} → intent [slots JSON], or "
                    "'?message' to keep talking").strip()
        if reply.startswith("?"):
            return BotResponse("in_progress", messages=(reply[1:].strip(),))
        intent, _, slots = reply.partition(" ")
        try:
            slot_values = json.loads(slots) if slots.strip() else {}
        except ValueError:
            slot_values = {}
        return BotResponse("fulfilled" if intent else "fallback", intent or None, slot_values, 1.0)
    if isinstance(effect, Route):
        reply = ask(f"route to {effect.target_type} '{effect.target}' → success/failed [success]")
        return RouteResult(reply.strip() or "success")
    if isinstance(effect, Transfer):
        reply = ask(f"transfer to {effect.destination} → success/busy/noanswer/failed [success]")
        return TransferResult(reply.strip() or "success")
    if isinstance(effect, Callback):
        return CallbackResult("success")
    if isinstance(effect, Record):
        reply = ask("recording → an id, or !noinput [rec-1]").strip()
        return Input("noinput") if reply == "!noinput" else Recorded(reply or "rec-1", 3000)
    return None


def caller_event(line: str, channel: str) -> Event | None:
    """What the caller typed, as an engine event; None means quit."""
    text = line.strip()
    if text == "!quit":
        return None
    if text == "!hangup":
        return Hangup()
    if text in ("!noinput", ""):
        return Input("noinput")
    if text == "!nomatch":
        return Input("nomatch")
    if channel == "voice" and re.fullmatch(r"[0-9*#]+", text):
        return Input("dtmf", text)
    return Input("text", text)


def simulate(path: Path, channel: str | None, system: dict[str, Any], ask: Ask,
             say: Callable[[str], None]) -> str:
    """Run a flow at the console until it ends; returns the end reason."""
    flow = load_flow(path.read_bytes())
    compiled = compile_flow(flow, shared_registry())
    library = FlowLibrary.around(path)
    engine = Engine(modules=library.compiled)
    channel = channel or flow.channels[0]
    host = StaticHost()
    step: Step = engine.start(compiled, channel=channel, system=system, host=host)
    while True:
        event: Event | None = None
        for effect in step.effects:
            say(describe(effect))
            if event is None:
                event = world_event(effect, ask)
        if step.ended:
            return str(step.state.get("end_reason"))
        if event is None:
            event = caller_event(ask(">"), channel)
            if event is None:
                event = Hangup("quit")
        step = engine.resume(compiled, json.loads(json.dumps(step.state)), event, host=host)


@click.command("run")
@click.argument("flow", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--channel", type=click.Choice(["voice", "chat"]), help="Default: the flow's first.")
@click.option("--ani", default="+15551230000", show_default=True, help="Caller number / visitor.")
@click.option("--dnis", default="+18005550100", show_default=True, help="Called number / entry.")
def run_command(flow: Path, channel: str | None, ani: str, dnis: str) -> None:
    """Play FLOW at the console: digits are DTMF, text is speech or chat; !noinput, !nomatch,
    !hangup, !quit."""

    def ask(question: str) -> str:
        try:
            return str(click.prompt(question, default="", show_default=False))
        except click.Abort:
            return "!quit"

    try:
        reason = simulate(flow, channel, {"ANI": ani, "DNIS": dnis}, ask, click.echo)
    except FlowFormatError as exc:
        for problem in exc.problems:
            click.echo(problem.describe(), err=True)
        raise SystemExit(1) from None
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"session ended: {reason}")
