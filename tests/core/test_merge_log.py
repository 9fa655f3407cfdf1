"""Append-only logs (an incident's ``log``) merge as the union of both sides' entries (pure core).

Two people logging one incident at the same time must both keep their entry: the merge never
asks, never drops one, keeps an entry both logged once, and orders the log by ``at``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from smgov_tui.core import kinds as k
from smgov_tui.core.merge import (
    MISSING,
    append_only_fields,
    edit_prefill,
    merge3,
    merge_log,
    toml_value,
    value_from_text,
)

TZ = dt.timezone(dt.timedelta(hours=1))
T0 = dt.datetime(2026, 11, 22, 10, 0, tzinfo=TZ)
INCIDENT = k.INCIDENTS.path_for("2026-11-22-hacked-account")


def entry(minute: int, author: str = "Ana", action: str = "note", note: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {
        "at": T0 + dt.timedelta(minutes=minute),
        "author": author,
        "action": action,
    }
    if note:
        out["note"] = note
    return out


def incident(*log: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"playbook": "hacked-account", "severity": "high", "status": "open", **fields,
            "log": list(log)}  # fmt: skip


OPENED = entry(0, action="opened")


def test_the_policy_names_the_incident_log_and_nothing_else() -> None:
    assert append_only_fields(INCIDENT) == {"log"}
    assert append_only_fields(k.OWNERS.path_for("ana-ruiz")) == set()
    assert append_only_fields(k.PLAYBOOKS.path_for("hacked-account")) == set()
    assert append_only_fields("incidents/notes.md") == set()
    assert append_only_fields("incidents/old/x.toml") == set()


def test_two_notes_logged_at_once_are_both_kept_in_time_order() -> None:
    base = incident(OPENED)
    ana = incident(OPENED, entry(2, "Ana", note="called legal"))
    bea = incident(OPENED, entry(1, "Bea", note="password reset"))
    result = merge3(base, ana, bea, append_only_fields(INCIDENT))
    assert result.clean
    assert [e.get("note") for e in result.merged["log"]] == [None, "password reset", "called legal"]
    # Either way round: the same log.
    other = merge3(base, bea, ana, append_only_fields(INCIDENT))
    assert other.clean and other.merged["log"] == result.merged["log"]


def test_without_the_policy_a_log_is_still_one_value() -> None:
    base = incident(OPENED)
    result = merge3(base, incident(OPENED, entry(2)), incident(OPENED, entry(1, "Bea")))
    assert [c.dotted for c in result.conflicts] == ["log"]


def test_an_entry_both_logged_is_kept_once() -> None:
    same = entry(3, "Ana", note="posted the statement")
    result = merge3(
        incident(OPENED),
        incident(OPENED, same),
        incident(OPENED, same, entry(4, "Bea")),
        append_only_fields(INCIDENT),
    )
    assert result.clean
    assert result.merged["log"] == [OPENED, same, entry(4, "Bea")]


def test_the_rest_of_the_incident_still_merges_field_by_field() -> None:
    base = incident(OPENED, title="Hacked")
    ana = incident(OPENED, entry(2), title="Instagram hacked", severity="low")
    bea = incident(OPENED, entry(1, "Bea"), title="Hacked IG")
    result = merge3(base, ana, bea, append_only_fields(INCIDENT))
    assert [c.dotted for c in result.conflicts] == ["title"]
    assert result.merged["severity"] == "low"
    assert result.merged["log"] == [OPENED, entry(1, "Bea"), entry(2)]


def test_an_entry_removed_by_hand_on_one_side_stays_removed() -> None:
    wrong = entry(1, note="typo")
    result = merge_log([OPENED, wrong], [OPENED], [OPENED, wrong, entry(2, "Bea")])
    assert result == [OPENED, entry(2, "Bea")]


def test_one_persons_two_identical_entries_stay_two() -> None:
    twice = entry(1, note="ok")
    assert merge_log([OPENED], [OPENED, twice, twice], [OPENED, entry(2)]) == [
        OPENED,
        twice,
        twice,
        entry(2),
    ]


def test_entries_without_a_usable_time_go_last() -> None:
    odd = {"author": "Bea", "action": "note", "at": "yesterday"}
    assert merge_log([OPENED], [OPENED, entry(5)], [OPENED, odd]) == [OPENED, entry(5), odd]
    # A new entry older than every entry goes first.
    early = entry(-5, "Bea")
    assert merge_log([], [OPENED], [early]) == [early, OPENED]


# --- properties ---------------------------------------------------------------------------

entries = st.builds(
    entry,
    minute=st.integers(0, 30),
    author=st.sampled_from(["Ana", "Bea"]),
    action=st.sampled_from(["note", "done"]),
    note=st.sampled_from(["", "x", "y"]),
)


def timed(log: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(log, key=lambda e: e["at"])


def keys(log: list[dict[str, Any]]) -> Counter[tuple[Any, ...]]:
    return Counter(tuple(sorted(e.items())) for e in log)


sides = st.tuples(
    st.lists(entries, max_size=6).map(timed),
    st.lists(entries, max_size=6).map(timed),
    st.lists(entries, max_size=6).map(timed),
)


@given(sides)
def test_commutative_in_content(logs: tuple[Any, Any, Any]) -> None:
    base, ours, theirs = logs
    assert keys(merge_log(base, ours, theirs)) == keys(merge_log(base, theirs, ours))


@given(st.lists(entries, max_size=6).map(timed), st.lists(entries, max_size=6).map(timed))
def test_idempotent(base: list[dict[str, Any]], log: list[dict[str, Any]]) -> None:
    assert merge_log(base, log, log) == log
    merged = merge_log(base, log, [*log, entry(40)])
    assert merge_log(base, merged, merged) == merged


@given(sides)
def test_keeps_every_entry_either_side_added(logs: tuple[Any, Any, Any]) -> None:
    base, added_ours, added_theirs = logs
    ours, theirs = timed(base + added_ours), timed(base + added_theirs)
    merged = merge_log(base, ours, theirs)
    counts = keys(merged)
    assert counts == keys(base) + (keys(added_ours) | keys(added_theirs))
    assert keys(ours) <= counts and keys(theirs) <= counts
    assert merged == timed(merged)  # logs ordered by time stay ordered by time
    assert counts <= keys(ours) + keys(theirs)  # nothing invented


# --- the value a person edits in the conflict screen ----------------------------------------

toml_scalars = (
    st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False)
    | st.text()
    | st.dates()
    | st.datetimes(timezones=st.just(TZ)).map(lambda d: d.replace(microsecond=0))
)
toml_values = st.recursive(
    toml_scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(min_size=1, max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)


@given(toml_values)
def test_the_prefilled_text_reads_back_as_the_same_value(value: Any) -> None:
    assert value_from_text(edit_prefill(value), value) == value
    if not isinstance(value, str):
        assert value_from_text(toml_value(value), value) == value


def test_a_log_is_prefilled_as_toml_not_as_prose() -> None:
    log = [OPENED, entry(1, "Bea", note='said "hi"')]
    text = edit_prefill(log)
    assert text.startswith("[{ at = 2026-11-22T10:00:00+01:00, author = ")
    assert value_from_text(text, log) == log
    assert edit_prefill(MISSING) == "" and edit_prefill("plain text") == "plain text"
    assert edit_prefill(["a", "b"]) == '["a", "b"]'
