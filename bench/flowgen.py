"""Generated flow documents for benchmarks and tests: a logic chain and a realistic mix.

Both return plain dicts in the flow document format (version 1), ready for `load_flow`. They
are deterministic: the same arguments give the same document.
"""

from __future__ import annotations

from typing import Any

FORMAT = {"format": "designer-flow", "format_version": 1}


def _block(block_type: str, props: dict[str, Any], next_: dict[str, str], *, x: int, y: int,
           label: str = "") -> dict[str, Any]:
    return {"type": block_type, "label": label or block_type.replace("_", " ").title(),
            "ui": {"x": x, "y": y}, "props": props, "next": next_}


def logic_chain_flow(n: int = 100) -> dict[str, Any]:
    """`n` blocks that never wait: `assign x = x + 1` alternating with `segmentation x > -1`.

    The chain sits in the self_service phase; the last block's port is left open, so one
    `Engine.start` runs all `n` blocks and the session ends. `x` ends at ceil(n / 2).
    """
    if n < 1:
        raise ValueError("a chain needs at least one block")
    ids = [f"b{i:04d}" for i in range(n)]
    blocks: dict[str, Any] = {}
    for i, block_id in enumerate(ids):
        following = ids[i + 1] if i + 1 < n else None
        if i % 2 == 0:
            props = {"assignments": [{"variable": "x", "expression": "x + 1"}]}
            blocks[block_id] = _block("assign", props, {"next": following} if following else {},
                                      x=80, y=40 + 60 * i, label=f"Add one {i}")
        else:
            props = {"conditions": [{"name": "yes", "expression": "x > -1"}]}
            blocks[block_id] = _block("segmentation", props,
                                      {"yes": following} if following else {},
                                      x=80, y=40 + 60 * i, label=f"Still positive {i}")
    return {
        **FORMAT,
        "id": f"logic-chain-{n}",
        "name": f"Logic chain of {n} blocks",
        "description": "Benchmark: assign and segmentation blocks alternating, no waiting.",
        "kind": "application",
        "channels": ["chat", "voice"],
        "languages": ["en-US"],
        "variables": {"x": {"type": "number", "default": 0}},
        "phases": {"self_service": ids[0]},
        "blocks": blocks,
    }


MIXED_VARIABLES: dict[str, Any] = {
    "customerName": {"type": "string", "default": "caller"},
    "accountId": {"type": "string", "default": None},
    "orderId": {"type": "string", "default": "A-100"},
    "token": {"type": "string", "default": "secret-token", "secure": True},
    "tier": {"type": "string", "default": "silver"},
    "step": {"type": "number", "default": 0},
    "total": {"type": "number", "default": 0},
    "amount": {"type": "number", "default": 12.5},
    "attempts": {"type": "number", "default": 0},
    "httpStatus": {"type": "number", "default": 0},
    "order": {"type": "object", "default": None},
    "lastChoice": {"type": "string", "default": ""},
}

SEGMENT_SIZE = 10


def _segment(s: int, following: str | None) -> dict[str, Any]:
    """Ten blocks that form one stretch of a self-service conversation.

    welcome -> menu (1: input, 2: assign, 3: http) -> lookups and data -> segmentation ->
    milestone -> summary -> the next segment's welcome. Failure ports lead to the milestone.
    """
    p = f"s{s:03d}_"
    ids = {name: p + name for name in ("welcome", "menu", "ask", "lookup", "add", "fetch",
                                       "attach", "branch", "mark", "summary")}
    y = 40 + s * 400

    def at(column: int, row: int) -> dict[str, int]:
        return {"x": 80 + 220 * column, "y": y + 120 * row}

    blocks: dict[str, Any] = {
        ids["welcome"]: _block("play_message", {
            "prompts": [{"tts": f"Welcome back {{{{ customerName }}}}, this is step "
                                f"{{{{ step + {s} }}}} of your visit."}],
            "bargein": s % 2 == 0,
        }, {"next": ids["menu"]}, **at(0, 0), label=f"Welcome {s}"),
        ids["menu"]: _block("menu", {
            "prompts": [{"tts": "For your account press 1, to add a charge press 2, "
                                "for order status press 3."}],
            "options": [
                {"key": "1", "label": "Account", "utterances": ["account", "my account"]},
                {"key": "2", "label": "Add charge", "utterances": ["charge"]},
                {"key": "3", "label": "Order status", "utterances": ["order", "where is my order"]},
            ],
            "retries": 2,
            "timeout_ms": 5000 + 10 * s,
            "noinput_prompts": [{"tts": "Sorry, I did not hear you, {{ customerName }}."}],
            "nomatch_prompts": [{"prompt": "sorry"}],
        }, {"1": ids["ask"], "2": ids["add"], "3": ids["fetch"], "noinput": ids["mark"],
            "nomatch": ids["mark"]}, **at(1, 0), label=f"Main menu {s}"),
        ids["ask"]: _block("input", {
            "prompts": [{"tts": "Please enter your account number, then press hash."}],
            "variable": "accountId",
            "grammar": "digits",
            "min_length": 4,
            "max_length": 10,
            "terminator": "#",
            "timeout_ms": 7000,
            "retries": 1 + s % 3,
        }, {"next": ids["lookup"], "noinput": ids["mark"], "nomatch": ids["mark"]},
            **at(2, 0), label=f"Account number {s}"),
        ids["lookup"]: _block("data_table", {
            "table": "accounts",
            "key": f"accountId + '-{s % 7}'",
            "columns": {"name": "customerName", "tier": "tier"},
        }, {"next": ids["branch"], "notfound": ids["add"]}, **at(3, 0),
            label=f"Find account {s}"),
        ids["add"]: _block("assign", {"assignments": [
            {"variable": "step", "expression": "step + 1"},
            {"variable": "total", "expression": f"total + amount * {1 + s % 5}"},
            {"variable": "lastChoice",
             "expression": f"attempts > {s % 4} ? 'charge-' + step : lastChoice.toUpperCase()"},
        ]}, {"next": ids["branch"], "error": ids["mark"]}, **at(2, 1),
            label=f"Add charge {s}"),
        ids["fetch"]: _block("http", {
            "method": "POST" if s % 2 else "GET",
            "url": f"https://api.example.com/v1/orders/{{{{ encodeURIComponent(orderId) }}}}"
                   f"?step={{{{ step }}}}&segment={s}",
            "headers": {"Authorization": "Bearer {{ token }}", "X-Step": "{{ step * 2 }}"},
            "body": '{"account": "{{ accountId ?? \'none\' }}", "total": {{ total }}}'
                    if s % 2 else None,
            "timeout_ms": 3000,
            "result_variable": "order",
            "status_variable": "httpStatus",
        }, {"next": ids["attach"], "error": ids["mark"]}, **at(2, 2),
            label=f"Order status {s}"),
        ids["attach"]: _block("set_data", {"data": {
            "tier": "tier",
            "orderState": "order?.state ?? 'unknown'",
            f"segment{s}": f"step * {s + 1}",
        }}, {"next": ids["branch"]}, **at(3, 2), label=f"Attach data {s}"),
        ids["branch"]: _block("segmentation", {"conditions": [
            {"name": "gold", "expression": f"tier == 'gold' && total > {100 + s}"},
            {"name": "retry", "expression": "attempts < 3 || httpStatus >= 500"},
            {"name": "long", "expression": f"customerName.length > {5 + s % 10}"},
        ]}, {"gold": ids["mark"], "retry": ids["mark"], "long": ids["summary"],
             "default": ids["summary"]}, **at(4, 1), label=f"Segment {s}"),
        ids["mark"]: _block("milestone", {"name": f"segment {s} done"},
                            {"next": ids["summary"]}, **at(5, 0), label=f"Milestone {s}"),
        ids["summary"]: _block("play_message", {"prompts": [
            {"tts": "Your running total is"},
            {"value": "total", "as": "currency"},
            {"audio": "chime.wav"},
        ]}, {"next": following} if following else {}, **at(5, 1), label=f"Summary {s}"),
    }
    return blocks


def mixed_flow(n_blocks: int = 1000) -> dict[str, Any]:
    """A valid flow of `n_blocks` blocks of many types, with expressions and templates.

    One `assign` in initialize and one `milestone` in finalize; self_service holds segments of
    ten blocks (play_message, menu with three options, input, data_table, assign, http,
    set_data, segmentation, milestone, play_message) chained one after another, plus a tail of
    `assign` blocks for the remainder. Every block is reachable and the graph has no loops.
    """
    if n_blocks < 2 + SEGMENT_SIZE:
        raise ValueError(f"a mixed flow needs at least {2 + SEGMENT_SIZE} blocks")
    segments, tail = divmod(n_blocks - 2, SEGMENT_SIZE)
    tail_ids = [f"tail{i:03d}" for i in range(tail)]
    blocks: dict[str, Any] = {
        "init": _block("assign", {"assignments": [
            {"variable": "attempts", "expression": "0"},
            {"variable": "customerName",
             "expression": "system.ANI ? 'caller ' + system.ANI.slice(-4) : 'caller'"},
        ]}, {}, x=80, y=0, label="Initialise"),
    }
    for s in range(segments):
        if s + 1 < segments:
            following: str | None = f"s{s + 1:03d}_welcome"
        else:
            following = tail_ids[0] if tail_ids else None
        blocks.update(_segment(s, following))
    for i, block_id in enumerate(tail_ids):
        following = tail_ids[i + 1] if i + 1 < len(tail_ids) else None
        blocks[block_id] = _block("assign", {"assignments": [
            {"variable": "step", "expression": f"Math.max(step, {i}) + 1"},
        ]}, {"next": following} if following else {}, x=1400, y=40 + 80 * i,
            label=f"Tail {i}")
    blocks["wrapup"] = _block("milestone", {"name": "call finished"}, {}, x=80,
                              y=40 + segments * 400, label="Wrap up")
    return {
        **FORMAT,
        "id": f"mixed-{n_blocks}",
        "name": f"Mixed flow of {n_blocks} blocks",
        "description": "Benchmark: a long self-service flow using most block types.",
        "kind": "application",
        "channels": ["voice", "chat"],
        "languages": ["en-US", "es-US"],
        "variables": dict(MIXED_VARIABLES),
        "inputs": [],
        "outputs": [],
        "phases": {"initialize": "init", "self_service": "s000_welcome", "finalize": "wrapup"},
        "blocks": blocks,
        "prompts": {
            "sorry": {"en-US": {"tts": "Sorry, that is not one of the choices."},
                      "es-US": {"tts": "Lo siento, esa no es una de las opciones."}},
        },
    }


__all__ = ["logic_chain_flow", "mixed_flow"]
