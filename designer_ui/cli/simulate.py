"""`designer run FLOW`: a console simulator that plays a flow as a caller or chatter would.

Type digits for DTMF (voice) or text (chat, or speech on voice); `!noinput`, `!nomatch`,
`!hangup` and `!quit` do what they say. The outside world (web services, bots, routes) is
answered at the prompt, so a flow can be tried before any of it exists.

`--given FILE` plays the flow in the world of a flow test instead (its `given`, or with
`--case NAME` that case's): the fixed clock, `system` values and Business Controls the test
declares, and its HTTP mocks and bot scripts answering by themselves. What no mock answers is
still asked at the prompt, so a half-mocked world is enough to try a flow.
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
    ErrorRaised,
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
    Timeout,
    TransferResult,
)
from interpreter.host import StaticHost
from interpreter.loader import load_flow
from interpreter.problems import FlowFormatError
from runtime.callbacks import CallbackRefused, check_number
from runtime.flow_library import FlowLibrary
from runtime.flowtests.errors import CaseFailure, FlowTestFileError
from runtime.flowtests.given import Given
from runtime.flowtests.loading import load_given
from runtime.flowtests.world import World
from runtime.turn_budget import turn_budget_from_env

Ask = Callable[[str], str]
Say = Callable[[str], None]

DEFAULT_SYSTEM = {"ANI": "+15551230000", "DNIS": "+18005550100"}
NO_BUSINESS_CONTROLS = ("  Business Controls (hours, special days, emergency flags, data tables) "
                        "are empty in the console; --given FILE takes them from a flow test.")
NOT_IN_GIVEN = "  (the --given file's `business` section does not declare it)"


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
        try:
            check_number(effect.number)
        except CallbackRefused as refused:
            return CallbackResult("failed", refused.message)
        reply = ask(f"callback to {effect.number} in '{effect.queue}' → success/failed "
                    "[failed]").strip()
        return CallbackResult("success") if reply == "success" else CallbackResult(
            "failed", "the callback was refused (answered at the console)")
    if isinstance(effect, Record):
        reply = ask("recording → an id, or !noinput [rec-1]").strip()
        return Input("noinput") if reply == "!noinput" else Recorded(reply or "rec-1", 3000)
    return None


def mocked_event(effect: Effect, world: World, say: Say) -> Event | None:
    """The answer the `given` world has for an effect, or None to ask at the console."""
    try:
        if isinstance(effect, HttpRequest):
            event: Event = world.http.answer(effect)
        elif isinstance(effect, BotTurn):
            event = world.bots.answer(effect)
        else:
            return None
    except CaseFailure:
        say("  (nothing in --given answers this; answer it here)")
        return None
    say(f"  (answered from --given: {describe_answer(event)})")
    return event


def describe_answer(event: Event) -> str:
    if isinstance(event, HttpResponse):
        return f"network error {event.error}" if event.error else f"status {event.status}"
    if isinstance(event, Timeout):
        return "timed out"
    if isinstance(event, BotResponse):
        intent = f" {event.intent}" if event.intent else ""
        return f"{event.state}{intent}"
    return event.kind


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


def simulate(path: Path, channel: str | None, system: dict[str, Any], ask: Ask, say: Say,
             given: Given | None = None, seed_name: str = "console") -> str:
    """Run a flow at the console until it ends; returns the end reason.

    With `given`, the host is built from it exactly as for a flow-test case (clock, seed,
    Business Controls) and its mocks answer before the console is asked.
    """
    flow = load_flow(path.read_bytes())
    compiled = compile_flow(flow, shared_registry())
    library = FlowLibrary.around(path)
    engine = Engine(modules=library.compiled, budget=turn_budget_from_env())
    channel = channel or flow.channels[0]
    host = given.host(seed_name) if given is not None else StaticHost()
    world = World(given, host) if given is not None else None
    step: Step = engine.start(compiled, channel=channel, system=system, host=host,
                              language=given.language if given is not None else None)
    while True:
        event: Event | None = None
        for effect in step.effects:
            say(describe(effect))
            if _missing_resource(effect):
                say(NO_BUSINESS_CONTROLS if world is None else NOT_IN_GIVEN)
            if event is None and world is not None:
                event = mocked_event(effect, world, say)
            if event is None:
                event = world_event(effect, ask)
        if step.ended:
            return str(step.state.get("end_reason"))
        if event is None:
            event = caller_event(ask(">"), channel) or Hangup("quit")
        step = engine.resume(compiled, json.loads(json.dumps(step.state)), event, host=host)


def _missing_resource(effect: Effect) -> bool:
    return isinstance(effect, ErrorRaised) and effect.type == "ResourceNotFound"


def session_system(given: Given | None, ani: str | None, dnis: str | None) -> dict[str, Any]:
    """System values: the defaults, then the `given` file's, then what the command line says."""
    system: dict[str, Any] = {**DEFAULT_SYSTEM, **(given.system if given is not None else {})}
    for key, value in (("ANI", ani), ("DNIS", dnis)):
        if value is not None:
            system[key] = value
    return system


@click.command("run")
@click.argument("flow", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--channel", type=click.Choice(["voice", "chat"]), help="Default: the flow's first.")
@click.option("--ani", default=None,
              help=f"Caller number / visitor. [default: {DEFAULT_SYSTEM['ANI']}, or --given's]")
@click.option("--dnis", default=None,
              help=f"Called number / entry. [default: {DEFAULT_SYSTEM['DNIS']}, or --given's]")
@click.option("--given", "given_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A flow-test file (*.flowtest.yaml) whose `given` sets the clock, system "
                   "values, Business Controls, HTTP mocks and bot scripts.")
@click.option("--case", "case_name", default=None,
              help="With --given: merge this case's `given` on top of the file's.")
def run_command(flow: Path, channel: str | None, ani: str | None, dnis: str | None,
                given_file: Path | None, case_name: str | None) -> None:
    """Play FLOW at the console: digits are DTMF, text is speech or chat; !noinput, !nomatch,
    !hangup, !quit."""

    def ask(question: str) -> str:
        try:
            return str(click.prompt(question, default="", show_default=False))
        except click.Abort:
            return "!quit"

    given = _load_given(given_file, case_name)
    if given is not None and given_file is not None:
        where = f" (case '{case_name}')" if case_name else ""
        click.echo(f"World from {given_file}{where}: clock {given.now.isoformat()}")
    try:
        reason = simulate(flow, channel, session_system(given, ani, dnis), ask, click.echo,
                          given=given, seed_name=case_name or flow.name)
    except FlowFormatError as exc:
        for problem in exc.problems:
            click.echo(problem.describe(), err=True)
        raise SystemExit(1) from None
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"session ended: {reason}")


def _load_given(given_file: Path | None, case_name: str | None) -> Given | None:
    if given_file is None:
        if case_name is not None:
            raise click.UsageError("--case names a case of the --given file; give --given too.")
        return None
    try:
        return load_given(given_file, case_name)
    except FlowTestFileError as exc:
        raise click.ClickException(f"--given {given_file} cannot be used:\n" + "\n".join(
            f"  {problem}" for problem in exc.problems)) from None
