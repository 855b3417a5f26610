"""The matching rules, without a database: skills and levels, priority then longest wait,
longest idle agent, capacity per channel, agents who declined or let an offer ring out."""

from __future__ import annotations

from designer_ui.queues.matching import Available, Offer, Waiting, match, required_skills


def agent(agent_id: int, idle_since: float, skills: dict[str, int] | None = None, *,
          channels: tuple[str, ...] = ("chat", "voice"), capacity: dict[str, int] | None = None,
          load: dict[str, int] | None = None) -> Available:
    return Available(agent_id, skills or {}, frozenset(channels), capacity or {}, load or {},
                     idle_since)


def waiting(item_id: int, enqueued_at: float, *, priority: int = 0, channel: str = "chat",
            skills: dict[str, int] | None = None, excluded: frozenset[int] = frozenset()
            ) -> Waiting:
    return Waiting(item_id, channel, skills or {}, priority, enqueued_at, excluded)


def test_priority_first_then_longest_wait_then_longest_idle_agent() -> None:
    offers = match([waiting(1, 10.0), waiting(2, 5.0), waiting(3, 20.0, priority=9)],
                   [agent(7, 100.0), agent(8, 50.0)])
    assert offers == [Offer(3, 8), Offer(2, 7)]


def test_skills_need_the_level() -> None:
    needs = waiting(1, 0.0, skills={"billing": 3, "fr": 1})
    assert match([needs], [agent(1, 0.0, {"billing": 2, "fr": 5}),
                           agent(2, 9.0, {"billing": 3, "fr": 1})]) == [Offer(1, 2)]
    assert match([needs], [agent(3, 0.0, {"billing": 9})]) == []


def test_capacity_per_channel_and_channels() -> None:
    call, chat = waiting(1, 0.0, channel="voice"), waiting(2, 1.0, channel="chat")
    on_a_call = agent(1, 0.0, load={"voice": 1})
    assert match([call, chat], [on_a_call]) == [Offer(2, 1)]
    chat_only = agent(2, 0.0, channels=("chat",), capacity={"chat": 3}, load={"chat": 3})
    assert match([call, chat], [chat_only]) == []


def test_one_new_offer_per_agent_per_round_and_excluded_agents() -> None:
    offers = match([waiting(1, 0.0), waiting(2, 1.0)], [agent(1, 0.0)])
    assert offers == [Offer(1, 1)]
    rang_out = waiting(1, 0.0, excluded=frozenset({1}))
    assert match([rang_out], [agent(1, 0.0), agent(2, 5.0)]) == [Offer(1, 2)]


def test_required_skills_join_queue_and_route() -> None:
    assert required_skills({"billing": 2}, ["billing:4", "fr", "en:1"]) == {
        "billing": 4, "fr": 1, "en": 1}
    assert required_skills({"billing": 5}, ["billing:2"]) == {"billing": 5}


def test_an_interaction_goes_only_to_agents_of_its_environment() -> None:
    test_chat = Waiting(1, "chat", {}, 0, 0.0, environment="test")
    live_only = Available(1, {}, frozenset(("chat",)), {}, {}, 0.0, frozenset(("live",)))
    test_only = Available(2, {}, frozenset(("chat",)), {}, {}, 50.0, frozenset(("test",)))
    assert match([test_chat], [live_only]) == []
    assert match([test_chat], [live_only, test_only]) == [Offer(1, 2)]
    live_chat = Waiting(2, "chat", {}, 0, 1.0, environment="live")
    assert match([live_chat], [test_only]) == []
    everywhere = Available(3, {}, frozenset(("chat",)), {}, {}, 99.0)
    assert match([test_chat, live_chat], [everywhere]) == [Offer(1, 3)]
