"""Which ready agent gets which waiting interaction: a pure function, so the rules are tested
without a database and the distributor only reads rows in and writes offers out.

The rules, in order: interactions by priority (highest first), then by longest wait; each goes
to the agent who works in its environment (a test-number call reaches only test agents), has
every skill it needs at the needed level, takes its channel, has room on
that channel (capacity minus what they already have or are offered), has not declined it or
let it ring out, and has been idle longest. An agent gets at most one new offer per round, so
offers spread over agents and one slow agent does not hold several interactions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from blocks.route_props import skill_requirement

ALL_ENVIRONMENTS = frozenset(("dev", "test", "live"))
"""The environments an agent works in when their profile does not narrow them."""
DEFAULT_CAPACITY = {"chat": 3, "voice": 1}
"""Interactions an agent takes at once on a channel when their profile does not say."""


@dataclass(frozen=True, slots=True)
class Waiting:
    """An interaction waiting for an agent."""

    id: int
    channel: str
    skills: Mapping[str, int]
    priority: int
    enqueued_at: float
    excluded: frozenset[int] = frozenset()
    """Agents who declined it or let it ring out (RONA)."""
    environment: str = "live"
    """The environment of the entry point the chat or call came in at."""


@dataclass(frozen=True, slots=True)
class Available:
    """An agent who may take work: ready (or busy below capacity on some channel)."""

    id: int
    skills: Mapping[str, int]
    channels: frozenset[str]
    capacity: Mapping[str, int]
    load: Mapping[str, int] = field(default_factory=dict)
    """Interactions they have or are offered, per channel."""
    idle_since: float = 0.0
    environments: frozenset[str] = ALL_ENVIRONMENTS
    """The environments whose interactions they take."""

    def room(self, channel: str) -> int:
        limit = self.capacity.get(channel, DEFAULT_CAPACITY.get(channel, 1))
        return limit - self.load.get(channel, 0)

    def can_take(self, interaction: Waiting) -> bool:
        return (interaction.environment in self.environments
                and interaction.channel in self.channels and self.room(interaction.channel) > 0
                and self.id not in interaction.excluded
                and all(self.skills.get(name, 0) >= level
                        for name, level in interaction.skills.items()))


@dataclass(frozen=True, slots=True)
class Offer:
    interaction: int
    agent: int


def match(waiting: Iterable[Waiting], agents: Iterable[Available]) -> list[Offer]:
    """Offers for this round: each interaction to the longest-idle agent able to take it."""
    queue = sorted(waiting, key=lambda item: (-item.priority, item.enqueued_at, item.id))
    free = sorted(agents, key=lambda agent: (agent.idle_since, agent.id))
    offers: list[Offer] = []
    taken: set[int] = set()
    for interaction in queue:
        agent = next((a for a in free if a.id not in taken and a.can_take(interaction)), None)
        if agent is not None:
            taken.add(agent.id)
            offers.append(Offer(interaction.id, agent.id))
    return offers


def required_skills(queue_skills: Mapping[str, int], route_skills: Iterable[str]
                    ) -> dict[str, int]:
    """A queue's skills joined with a route's (`name` or `name:level`), highest level wins."""
    needed = {name: max(1, int(level)) for name, level in queue_skills.items()}
    for skill in route_skills:
        name, level = skill_requirement(skill)
        needed[name] = max(level, needed.get(name, 0))
    return needed
