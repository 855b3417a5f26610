"""Turns a simulator run into a flow-test case (FLOW_TESTS.md), so what a user just tried by
hand can be kept as a regression test: the outputs become `expect` steps, what the user typed
becomes `input` steps, and the mocks and business controls become `given`.

A saved case never holds a secure value: the simulator's transcript has them masked already,
a prompt part, a route target or a transfer destination computed from one becomes a `*` in the
glob, and the answer typed into a secure
input (or a secure variable's starting value) becomes a placeholder the author must replace
with a test value; the YAML says so in a comment at its top."""

from __future__ import annotations

from typing import Any

from designer_ui.models import SimulatorSession
from designer_ui.services.flows import get_version
from designer_ui.simulation.secure import INPUT_VALUE_KEYS, SECRET_MASK
from interpreter.engine.effects import PromptOut, prompt_text
from runtime.safe_yaml import dump_yaml

SECURE_PLACEHOLDER = "<secure value: replace with a test value>"


def literal_glob(text: str) -> str:
    """A glob that matches `text`: flow-test globs have no escape, so `*` and `?` become `?`."""
    return text.replace("*", "?")


def _prompt_text(effect: dict[str, Any]) -> str:
    """The prompts as a glob, joined as the engine joins them; masked secrets match anything."""
    parts = []
    for item in effect.get("prompts", []):
        if not item.get("text"):
            continue
        glob = literal_glob(item["text"])
        if item.get("secure"):
            glob = glob.replace(SECRET_MASK, "*")
        parts.append(PromptOut(text=glob))
    return prompt_text(tuple(parts))


def _part_glob(effect: dict[str, Any], part: str) -> str:
    """A glob for a route's or transfer's target; as the simulator stored it, a part computed
    from a secret is masked, and the mask matches anything (like a secure prompt part)."""
    glob = literal_glob(str(effect.get(part) or ""))
    if part in (effect.get("secure_parts") or ()):
        glob = glob.replace(SECRET_MASK, "*") if SECRET_MASK in glob else "*"
    return glob


def expect_steps(effect: dict[str, Any]) -> list[dict[str, Any]]:
    kind = effect.get("kind")
    if kind == "say":
        text = _prompt_text(effect)
        return [{"expect": {"say": text}}] if text else []
    if kind == "collect":
        steps: list[dict[str, Any]] = []
        text = _prompt_text(effect)
        if text:
            steps.append({"expect": {"prompt": text}})
        if effect.get("mode") == "menu":
            steps.append({"expect": {"menu": {"options": [o["key"] for o in effect["options"]]}}})
        return steps
    if kind == "http":
        url = "*" if "url" in (effect.get("secure_parts") or ()) else literal_glob(effect["url"])
        return [{"expect": {"http": {"method": effect["method"], "url": url}}}]
    if kind == "route":
        return [{"expect": {"route": {"type": effect["target_type"],
                                      "value": _part_glob(effect, "target")}}}]
    if kind == "transfer":
        return [{"expect": {"transfer": {"destination": _part_glob(effect, "destination")}}}]
    if kind == "end":
        return [{"expect": {"end": True}}]
    return []


def _user_world_answer(answer: dict[str, Any], last: dict[str, dict[str, Any]],
                       given: dict[str, Any]) -> list[dict[str, Any]]:
    """A world answer the user typed: results become inputs, HTTP replies become mocks."""
    for key in ("route_result", "transfer_result", "queue", "agent"):
        if key in answer:
            return [{"input": {key: answer[key]}}]
    last_http = last.get("http")
    if "http" in answer and last_http is not None:
        reply = answer["http"]
        respond = {"status": int(reply.get("status", 200))}
        respond.update({k: reply[k] for k in ("json", "body") if k in reply})
        given.setdefault("http", []).append({
            "match": {"method": last_http["method"], "url": literal_glob(last_http["url"])},
            "respond": respond, "times": 1})
    last_bot = last.get("bot")
    if "bot" in answer and isinstance(answer["bot"], dict) and last_bot is not None:
        given.setdefault("bots", {}).setdefault(last_bot["bot"], []).append(answer["bot"])
    return []


def build_case(session: SimulatorSession, name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the case, the file-level `given` it needs)."""
    settings = session.settings or {}
    given: dict[str, Any] = {}
    if settings.get("now"):
        given["now"] = settings["now"]
    if settings.get("system"):
        given["system"] = settings["system"]
    mocks = settings.get("mocks") or {}
    if mocks.get("http"):
        given["http"] = list(mocks["http"])
    if mocks.get("bots"):
        given["bots"] = dict(mocks["bots"])
    business = {key: value for key, value in (settings.get("business") or {}).items() if value}
    if business:
        given["business"] = business
    steps: list[dict[str, Any]] = []
    last: dict[str, dict[str, Any]] = {}
    milestones: list[str] = []
    for entry in session.transcript:
        if "output" in entry:
            for effect in entry["output"]:
                steps.extend(expect_steps(effect))
                last[str(effect.get("kind"))] = effect
                if effect.get("kind") == "milestone":
                    milestones.append(effect["name"])
        elif "input" in entry:
            steps.append({"input": _input_step(entry)})
        elif "world" in entry and not entry.get("automatic"):
            steps.extend(_user_world_answer(entry["world"], last, given))
    case: dict[str, Any] = {"name": name}
    if settings.get("variables"):
        secure = _secure_variables(session)
        case["variables"] = {key: SECURE_PLACEHOLDER if key in secure else value
                             for key, value in settings["variables"].items()}
    case["steps"] = steps
    if session.ended:
        case["assert"] = {"path": list(session.trace), "milestones": milestones}
    return case, given


def _input_step(entry: dict[str, Any]) -> dict[str, Any]:
    """The caller's answer; a secure one (stored masked) becomes the placeholder."""
    answer = dict(entry["input"])
    if entry.get("secure"):
        answer = {key: SECURE_PLACEHOLDER if key in INPUT_VALUE_KEYS else value
                  for key, value in answer.items()}
    return answer


def _secure_variables(session: SimulatorSession) -> frozenset[str]:
    """The flow's declared secure variables and those the run derived from them."""
    document = session.document
    if not document and session.version != "draft":
        document = get_version(session.flow_id, int(session.version)).document
    declared = (document or {}).get("variables") or {}
    names = {name for name, decl in declared.items()
             if isinstance(decl, dict) and decl.get("secure")}
    return frozenset(names | set((session.state or {}).get("secure_derived") or ()))


def has_placeholders(case: dict[str, Any]) -> bool:
    steps = [step.get("input", {}) for step in case.get("steps", [])]
    values = [*(case.get("variables") or {}).values(),
              *(value for step in steps for value in step.values())]
    return SECURE_PLACEHOLDER in values


def testcase_yaml(session: SimulatorSession, name: str) -> tuple[str, dict[str, Any]]:
    case, given = build_case(session, name)
    document: dict[str, Any] = {"flow": session.flow_id, "channel": session.channel}
    if given:
        document["given"] = given
    document["cases"] = [case]
    text = dump_yaml(document, sort_keys=False, allow_unicode=True, width=100)
    if has_placeholders(case):
        text = ("# This case typed secure values; they were not saved. Replace each\n"
                f"# '{SECURE_PLACEHOLDER}' with a test value before running it.\n") + text
    return text, case
