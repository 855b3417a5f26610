"""Which prompts a flow cannot say in each of its languages.

A flow lists its languages; what it says comes from its own prompts (`{"prompt": id}`, a text
or recording per language), shared prompts' recordings (`{"audio": name}`, and the recordings
flow prompts name) and announcements (`{"announcement": name}`, per environment). The engine
falls back to another language when one is missing (`es-MX` → `es` → any), so a gap is heard
as the wrong language rather than an error: this report, shown in the editor's Languages
panel, finds them before a caller does. A prompt counts as present in a language when it has
an entry for that tag or its primary language (`es` serves `es-MX`).

Cost is bounded by the flow document (its size is limited when it is saved): the walk is
iterative and visits each JSON node once, and the database is read once per kind.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from designer_ui.extensions import db
from designer_ui.models import ENVIRONMENTS, Prompt, PromptAudio
from designer_ui.models.business import AnnouncementRecord
from designer_ui.services.resources import bound_environments

REFERENCE_KINDS = ("prompt", "audio", "announcement")


@dataclass
class Gap:
    """One prompt that has nothing to say in one language."""

    kind: str  # "flow_prompt", "shared_prompt" or "announcement"
    name: str
    problem: str
    blocks: list[str] = field(default_factory=list)
    environment: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "name": self.name, "problem": self.problem,
                "blocks": self.blocks, "environment": self.environment}


def has_language(variants: Mapping[str, Any], language: str) -> bool:
    """True when `variants` (keyed by language tag) has `language` or its primary language."""
    primary = language.split("-")[0].lower()
    return any(key.lower() in (language.lower(), primary) for key in variants
               if isinstance(key, str))


def references(document: Mapping[str, Any]) -> dict[tuple[str, str], list[str]]:
    """(kind, name) of every prompt item the blocks use → the blocks using it, in order."""
    found: dict[tuple[str, str], list[str]] = {}
    blocks = document.get("blocks")
    if not isinstance(blocks, Mapping):
        return found
    for block_id, block in blocks.items():
        props = block.get("props") if isinstance(block, Mapping) else None
        for kind, name in _items_in(props):
            users = found.setdefault((kind, name), [])
            if block_id not in users:
                users.append(str(block_id))
    return found


def _items_in(value: Any) -> Iterator[tuple[str, str]]:
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            if len(node) == 1:
                ((key, name),) = node.items()
                if key in REFERENCE_KINDS and isinstance(name, str):
                    yield key, name
                    continue
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))


class LanguageReport:
    """`gaps()`: per language of the flow, the prompts it lacks (read from the database)."""

    def __init__(self, flow_id: str, document: Mapping[str, Any]):
        self.flow_id = flow_id
        self.document = document
        languages = document.get("languages")
        self.languages = [str(item) for item in languages if isinstance(item, str)] \
            if isinstance(languages, list) else []
        prompts = document.get("prompts")
        self.flow_prompts: Mapping[str, Any] = prompts if isinstance(prompts, Mapping) else {}
        self.used = references(document)

    def gaps(self) -> dict[str, list[dict[str, Any]]]:
        shared = self._shared_prompts()
        announcements = self._announcements()
        bound = bound_environments(self.flow_id)
        report: dict[str, list[dict[str, Any]]] = {}
        for language in self.languages:
            gaps: list[Gap] = []
            for (kind, name), blocks in self.used.items():
                if kind == "prompt":
                    gaps.extend(self._flow_prompt_gaps(name, blocks, language, shared))
                elif kind == "audio":
                    if not _shared_has(shared.get(name), language):
                        gaps.append(Gap("shared_prompt", name, _SHARED_PROBLEM, blocks))
                else:
                    gaps.extend(_announcement_gaps(name, blocks, language, bound,
                                                   announcements.get(name, {})))
            report[language] = [gap.to_dict() for gap in gaps]
        return report

    def _flow_prompt_gaps(self, name: str, blocks: list[str], language: str,
                          shared: Mapping[str, tuple[dict[str, str], set[str]]]) -> list[Gap]:
        variants = self.flow_prompts.get(name)
        if not isinstance(variants, Mapping):
            return [Gap("flow_prompt", name, "the flow has no such prompt", blocks)]
        variant = _variant_for(variants, language)
        if variant is None:
            return [Gap("flow_prompt", name, "no text or recording in this language", blocks)]
        audio = variant.get("audio") if isinstance(variant, Mapping) else None
        if isinstance(audio, str) and not variant.get("tts") \
                and not _shared_has(shared.get(audio), language, recordings_only=True):
            return [Gap("flow_prompt", name, f"recording '{audio}' is not uploaded in this "
                                             "language", blocks)]
        return []

    def _shared_prompts(self) -> dict[str, tuple[dict[str, str], set[str]]]:
        """Shared prompt name → (texts by language, languages with a recording)."""
        names = {name for kind, name in self.used if kind == "audio"}
        for variants in self.flow_prompts.values():
            if isinstance(variants, Mapping):
                names.update(variant["audio"] for variant in variants.values()
                             if isinstance(variant, Mapping)
                             and isinstance(variant.get("audio"), str))
        if not names:
            return {}
        shared: dict[str, tuple[dict[str, str], set[str]]] = {
            prompt.name: (dict(prompt.texts or {}), set())
            for prompt in db.session.execute(db.select(Prompt).where(
                Prompt.name.in_(names))).scalars()}
        for prompt_name, language in db.session.execute(
                db.select(PromptAudio.prompt_name, PromptAudio.language).where(
                    PromptAudio.prompt_name.in_(names))):
            shared.setdefault(prompt_name, ({}, set()))[1].add(language)
        return shared

    def _announcements(self) -> dict[str, dict[str, AnnouncementRecord]]:
        names = {name for kind, name in self.used if kind == "announcement"}
        found: dict[str, dict[str, AnnouncementRecord]] = {}
        if names:
            for record in db.session.execute(db.select(AnnouncementRecord).where(
                    AnnouncementRecord.name.in_(names))).scalars():
                found.setdefault(record.name, {})[record.environment] = record
        return found


_SHARED_PROBLEM = "no text or recording in this language"


def _variant_for(variants: Mapping[str, Any], language: str) -> Any:
    primary = language.split("-")[0].lower()
    for key, variant in variants.items():
        if isinstance(key, str) and key.lower() == language.lower():
            return variant
    for key, variant in variants.items():
        if isinstance(key, str) and key.lower() == primary:
            return variant
    return None


def _shared_has(entry: tuple[dict[str, str], set[str]] | None, language: str,
                recordings_only: bool = False) -> bool:
    if entry is None:
        return False
    texts, recorded = entry
    if has_language(dict.fromkeys(recorded), language):
        return True
    return not recordings_only and has_language(
        {key: text for key, text in texts.items() if text}, language)


def _announcement_gaps(name: str, blocks: list[str], language: str, bound: tuple[str, ...],
                       records: Mapping[str, AnnouncementRecord]) -> list[Gap]:
    """The announcement in each environment the flow is bound to (or, bound nowhere, each
    that has it) with nothing in `language`."""
    environments = bound
    gaps = []
    if not bound:
        # a draft bound nowhere: check the environments that have the announcement
        environments = tuple(environment for environment in ENVIRONMENTS if environment in records)
        if not environments:
            return [Gap("announcement", name, "no such announcement in any environment", blocks)]
    for environment in environments:
        record = records.get(environment)
        if record is None:
            gaps.append(Gap("announcement", name, "no such announcement in this environment",
                            blocks, environment))
            continue
        texts = {key: text for key, text in (record.texts or {}).items() if text}
        recordings = {key: ref for key, ref in (record.recordings or {}).items() if ref}
        if not has_language(texts, language) and not has_language(recordings, language):
            gaps.append(Gap("announcement", name, "no text or recording in this language",
                            blocks, environment))
    return gaps
