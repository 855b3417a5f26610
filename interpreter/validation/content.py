"""Required content: a block that would say nothing, ask nothing or call nowhere.

Props schemas check shapes (a prompt list is a list of prompt items); they let an unfinished
block through so a draft can be saved. Whether the block has what it needs to do its job (text
to say, a menu question, option labels, a URL, a route target) is checked here, as errors that
block publishing, by asking each block type for its `missing_content`. Names of bots, data
tables and announcements are checked against what the host knows exists, as warnings: the
thing may be created before the flow goes live. A host that keeps a value per place (the
Designer's environments) answers with the places that lack the name, so the warning can say
where it is missing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from interpreter.compiler import CompiledFlow
from interpreter.problems import Problem, error, warning

ResourceLookup = Callable[[str, str], bool | Sequence[str]]
"""Tells whether a named resource exists: (kind, name) → True when it does, False when it does
not, or the names of the places (environments) that lack it: empty when none does. Kinds are
'bot', 'data_table' and 'announcement'."""

RESOURCE_WORDS = {"bot": "bot", "data_table": "data table", "announcement": "announcement"}
_CONTENT_KEYS = ("audio", "prompt", "value", "announcement")


def prompt_item_has_content(item: Mapping[str, Any]) -> bool:
    """A text with something besides blanks, or any audio, library prompt, value or announcement."""
    if any(isinstance(item.get(key), str) and item[key].strip() for key in _CONTENT_KEYS):
        return True
    text = item.get("tts")
    return isinstance(text, str) and bool(text.strip())


def prompts_have_content(items: Any) -> bool:
    """True when at least one item of a prompt list would be heard or shown."""
    if not isinstance(items, list | tuple):
        return False
    return any(isinstance(item, Mapping) and prompt_item_has_content(item) for item in items)


def blank(value: Any) -> bool:
    """A missing value, or a string of blanks."""
    return value is None or (isinstance(value, str) and not value.strip())


def check_content(compiled: CompiledFlow) -> list[Problem]:
    problems: list[Problem] = []
    for block_id, block in compiled.blocks.items():
        for path, message in block.type.missing_content(block.loaded_props):
            problems.append(error("missing_content", message, block_id, path))
    return problems


def check_resources(compiled: CompiledFlow, lookup: ResourceLookup | None) -> list[Problem]:
    """Warn about bots, data tables and announcements the host does not know."""
    if lookup is None:
        return []
    problems: list[Problem] = []
    for block_id, block in compiled.blocks.items():
        refs = [*block.type.resources(block.loaded_props),
                *announcement_refs(block.loaded_props)]
        for path, kind, name in refs:
            message = _unknown_message(kind, name, lookup(kind, name))
            if message is not None:
                problems.append(warning(f"unknown_{kind}", message, block_id, path))
    return problems


def _unknown_message(kind: str, name: str, found: bool | Sequence[str]) -> str | None:
    """The warning for a look-up's answer, or None when the name is known where it is needed."""
    word = RESOURCE_WORDS.get(kind, kind)
    if isinstance(found, bool):
        if found:
            return None
        return f"There is no {word} named '{name}' yet; create it before this flow goes live."
    if not found:
        return None
    places = ", ".join(found)
    return (f"There is no {word} named '{name}' in {places} yet; this flow is bound to "
            f"{'that environment' if len(found) == 1 else 'those environments'}, so create it "
            f"there before callers reach this block.")


def announcement_refs(props: Any, path: str = "") -> Iterator[tuple[str, str, str]]:
    """Every `{"announcement": name}` prompt part in a block's props, with its path."""
    if isinstance(props, Mapping):
        name = props.get("announcement")
        if isinstance(name, str) and name.strip():
            yield path or "announcement", "announcement", name
        for key, value in props.items():
            yield from announcement_refs(value, f"{path}.{key}" if path else str(key))
    elif isinstance(props, list | tuple):
        for index, value in enumerate(props):
            yield from announcement_refs(value, f"{path}[{index}]")
