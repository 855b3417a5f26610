"""Where a module, bot, data table, announcement or Business Control is used.

Before changing or deleting a shared thing, a designer wants to know which flows would feel it.
The names a flow refers to are read from its blocks' props as stored, not from a compiled flow:
an unfinished draft still shows where it uses a name. Drafts and the versions environments run
are both searched, since a name can leave the draft while live still uses it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from designer_ui.extensions import db
from designer_ui.models import EnvironmentBinding, Flow, FlowVersion
from designer_ui.services.modules import split_ref
from interpreter.validation.content import announcement_refs

KINDS = ("module", "bot", "data_table", "announcement", "business_hours", "emergency",
         "special_days")
"""What can be looked up; `special_days` are read by the business-hours block of their name."""

NAMED_BY_PROP: dict[str, tuple[tuple[str, str], ...]] = {
    "module": (("module", "module"),),
    "bot": (("bot", "bot"),),
    "data_table": (("table", "data_table"),),
    "business_hours": (("hours", "business_hours"), ("hours", "special_days")),
    "emergency": (("flag", "emergency"),),
}
"""Block type → (prop, kind) pairs: the prop holds the name of a thing of that kind."""


@dataclass(frozen=True)
class Reference:
    kind: str
    name: str
    block_id: str
    path: str


def _block_references(block_id: str, block: Mapping[str, Any]) -> Iterator[Reference]:
    props = block.get("props")
    if not isinstance(props, Mapping):
        return
    for prop, kind in NAMED_BY_PROP.get(str(block.get("type")), ()):
        value = props.get(prop)
        if isinstance(value, str) and value.strip():
            name = split_ref(value)[0] if kind == "module" else value
            yield Reference(kind, name, block_id, prop)
    for path, kind, name in announcement_refs(props):
        yield Reference(kind, name, block_id, path)


def references(document: Any) -> Iterator[Reference]:
    """Every name a flow document refers to, block by block."""
    blocks = document.get("blocks") if isinstance(document, Mapping) else None
    if not isinstance(blocks, Mapping):
        return
    for block_id, block in blocks.items():
        if isinstance(block, Mapping):
            yield from _block_references(str(block_id), block)


def _block_label(document: Mapping[str, Any], block_id: str) -> str | None:
    block = document.get("blocks", {}).get(block_id)
    label = block.get("label") if isinstance(block, Mapping) else None
    return label if isinstance(label, str) else None


def where_used(kind: str, name: str, limit: int) -> tuple[list[dict[str, Any]], bool]:
    """The uses of a name, drafts first then environments; and whether `limit` cut the list."""
    uses: list[dict[str, Any]] = []
    sources: list[tuple[str, str, dict[str, Any], str, int | None]] = [
        (flow.id, flow.name, flow.document, "draft", None)
        for flow in db.session.execute(db.select(Flow).order_by(Flow.id)).scalars()]
    bound = db.session.execute(
        db.select(EnvironmentBinding.environment, FlowVersion)
        .join(FlowVersion, (FlowVersion.flow_id == EnvironmentBinding.flow_id)
              & (FlowVersion.number == EnvironmentBinding.version))
        .order_by(EnvironmentBinding.flow_id, EnvironmentBinding.environment)).all()
    for environment, version in bound:
        document = version.document
        sources.append((version.flow_id, str(document.get("name", version.flow_id)), document,
                        environment, version.number))
    for flow_id, flow_name, document, source, number in sources:
        for found in references(document):
            if found.kind != kind or found.name != name:
                continue
            if len(uses) >= limit:
                return uses, True
            uses.append({"flow_id": flow_id, "flow_name": flow_name, "source": source,
                         "version": number, "block_id": found.block_id,
                         "block_label": _block_label(document, found.block_id),
                         "path": found.path})
    return uses, False
