"""A flow source that takes its time to find a number's flow, as a busy Designer does: the
example files, looked up after `delay_s`. Named in a pool's settings as
`tests.runtime.voice.slow_source:open_slow_source`."""

from __future__ import annotations

import time
from typing import Any

from runtime.voice.file_source import FileFlowSource
from runtime.voice.flows import CallFlow


class SlowFlowSource(FileFlowSource):
    def __init__(self, delay_s: float, **options: Any):
        super().__init__(**options)
        self.delay_s = delay_s
        for number in self.numbers:  # compiled now: the delay is all the look-up costs
            super().flow_for(number)

    def flow_for(self, dnis: str) -> CallFlow | None:
        time.sleep(self.delay_s)
        return super().flow_for(dnis)


def open_slow_source(delay_s: float, **options: Any) -> SlowFlowSource:
    return SlowFlowSource(delay_s, **options)
