"""A distributor in a process of its own, for the takeover test: one round that takes the
lease, then a round that offers and stops before its commit (printing `offering`), waiting to
be killed there."""

from __future__ import annotations

import sys
import time

import sqlalchemy as sa
from sqlalchemy.orm import Session

from designer_ui.queues.distributor import Distributor, RoundReport


def main(url: str, search_path: str) -> None:
    engine = sa.create_engine(url, connect_args={"options": f"-c search_path={search_path}"})
    with Session(engine) as session:
        first = Distributor("doomed", [], lease_s=3.0).round(session)
        print("held" if first.held else "not-held", flush=True)

    def stall(report: RoundReport) -> None:
        print(f"offering {len(report.offers)}", flush=True)
        time.sleep(120)

    with Session(engine) as session:
        sys.stdin.readline()  # the test makes an agent ready, then says go
        Distributor("doomed", [], lease_s=3.0, before_commit=stall).round(session)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
