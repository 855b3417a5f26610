"""The parts of a retention purge's report besides call records and recordings: what the
analytics purge and the chat transcript purge removed, and what legal holds kept of each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime


def iso_epoch(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds").replace(
        "+00:00", "Z")


@dataclass(frozen=True)
class AnalyticsPurged:
    cutoff: str
    sessions: int
    events: int
    rollup_rows: int
    held_sessions: int

    def summary(self, verb: str) -> str:
        return (f"Analytics: {verb.lower()} {self.sessions} sessions, {self.events} events and "
                f"{self.rollup_rows} roll-up rows (older than {self.cutoff}); "
                f"{self.held_sessions} sessions kept by legal holds.")


@dataclass(frozen=True)
class ChatPurged:
    cutoff: str
    sessions: int
    held_sessions: int

    def summary(self, verb: str) -> str:
        return (f"Chat: {verb.lower()} {self.sessions} sessions and their transcripts (ended "
                f"before {self.cutoff}); {self.held_sessions} sessions kept by legal holds.")
