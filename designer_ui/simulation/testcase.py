"""Turns a simulator run into a flow-test case (FLOW_TESTS.md), so what a user just tried by
hand can be kept as a regression test: the outputs become `expect` steps, what the user typed
becomes `input` steps, and the mocks and business controls become `given`."""

from __future__ import annotations

from typing import Any

import yaml

from designer_ui.models import SimulatorSession


def literal_glob(text: str) -> str:
    """A glob that matches `text`: flow-test globs have no escape, so `*` and `?` become `?`."""
    return text.replace("*", "?")


def _prompt_text(effect: dict[str, Any]) -> str:
    return " ".join(item["text"] for item in effect.get("prompts", []) if item.get("text"))


def expect_steps(effect: dict[str, Any]) -> list[dict[str, Any]]:
    kind = effect.get("kind")
    if kind == "say":
        text = _prompt_text(effect)
        return [{"expect": {"say": literal_glob(text)}}] if text else []
    if kind == "collect":
        steps: list[dict[str, Any]] = []
        text = _prompt_text(effect)
        if text:
            steps.append({"expect": {"prompt": literal_glob(text)}})
        if effect.get("mode") == "menu":
            steps.append({"expect": {"menu": {"options": [o["key"] for o in effect["options"]]}}})
        return steps
    if kind == "http":
        return [{"expect": {"http": {"method": effect["method"], "url": literal_glob(effect["url"])}}}]
    if kind == "route":
        return [{"expect": {"route": {"type": effect["target_type"],
                                      "value": literal_glob(effect["target"])}}}]
    if kind == "transfer":
        return [{"expect": {"transfer": {"destination": literal_glob(effect["destination"])}}}]
    if kind == "end":
        return [{"expect": {"end": True}}]
    return []


def _user_world_answer(answer: dict[str, Any], last: dict[str, dict[str, Any]],
                       given: dict[str, Any]) -> list[dict[str, Any]]:
    """A world answer the user typed: results become inputs, HTTP replies become mocks."""
    for key in ("route_result", "transfer_result"):
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
            steps.append({"input": dict(entry["input"])})
        elif "world" in entry and not entry.get("automatic"):
            steps.extend(_user_world_answer(entry["world"], last, given))
    case: dict[str, Any] = {"name": name}
    if settings.get("variables"):
        case["variables"] = settings["variables"]
    case["steps"] = steps
    if session.ended:
        case["assert"] = {"path": list(session.trace), "milestones": milestones}
    return case, given


def testcase_yaml(session: SimulatorSession, name: str) -> tuple[str, dict[str, Any]]:
    case, given = build_case(session, name)
    document: dict[str, Any] = {"flow": session.flow_id, "channel": session.channel}
    if given:
        document["given"] = given
    document["cases"] = [case]
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    return text, case
