"""The three-way merge of parsed records (core.merge): pure data in, data and conflicts out."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from smgov_tui.core.merge import (
    MINE,
    MISSING,
    THEIRS,
    FieldConflict,
    Pick,
    apply_choices,
    apply_target,
    describe,
    get_at,
    merge3,
    merge_for_form,
    same,
    set_at,
)

BASE: dict[str, Any] = {
    "name": "Ana Ruiz",
    "email": "ana@example.org",
    "phone": "+34 600 000 000",
    "working_hours": {"days": ["mon", "tue"], "start": "09:00", "end": "18:00"},
    "trained_on": dt.date(2026, 1, 10),
}


def edit(data: dict[str, Any], **changes: Any) -> dict[str, Any]:
    out = {**data}
    for key, value in changes.items():
        if value is MISSING:
            out.pop(key, None)
        else:
            out[key] = value
    return out


# --- scalars and keys ---


def test_nothing_changed_is_base() -> None:
    result = merge3(BASE, BASE, BASE)
    assert result.clean and result.merged == BASE


def test_change_on_one_side_is_taken_either_side() -> None:
    ours = edit(BASE, email="ana@new.org")
    theirs = edit(BASE, phone="+34 611 111 111")
    assert merge3(BASE, ours, BASE).merged == ours
    assert merge3(BASE, BASE, theirs).merged == theirs


def test_different_fields_merge_without_question() -> None:
    result = merge3(BASE, edit(BASE, email="ana@new.org"), edit(BASE, phone="+34 611 111 111"))
    assert result.clean
    assert result.merged["email"] == "ana@new.org"
    assert result.merged["phone"] == "+34 611 111 111"


def test_same_change_on_both_sides_is_taken() -> None:
    ours = edit(BASE, email="x@example.org")
    result = merge3(BASE, ours, dict(ours))
    assert result.clean and result.merged == ours


def test_different_changes_to_one_field_conflict_with_ours_held() -> None:
    result = merge3(BASE, edit(BASE, email="mine@x.org"), edit(BASE, email="theirs@x.org"))
    assert result.conflicts == [
        FieldConflict(("email",), "ana@example.org", "mine@x.org", "theirs@x.org")
    ]
    assert result.conflicts[0].dotted == "email"
    assert result.merged["email"] == "mine@x.org"
    assert not result.clean


def test_key_added_on_one_side() -> None:
    result = merge3(BASE, edit(BASE, notes="new"), BASE)
    assert result.clean and result.merged["notes"] == "new"
    assert list(result.merged)[-1] == "notes"


def test_key_added_by_them_keeps_our_order_and_appends() -> None:
    result = merge3(BASE, edit(BASE, role="cm"), edit(BASE, notes="n"))
    assert result.clean
    assert list(result.merged) == [*BASE, "role", "notes"]


def test_same_key_added_differently_conflicts() -> None:
    result = merge3(BASE, edit(BASE, notes="a"), edit(BASE, notes="b"))
    assert [c.dotted for c in result.conflicts] == ["notes"]
    assert result.conflicts[0].base is MISSING


def test_key_deleted_on_one_side_unchanged_on_other_is_deleted() -> None:
    result = merge3(BASE, edit(BASE, phone=MISSING), BASE)
    assert result.clean and "phone" not in result.merged
    result = merge3(BASE, BASE, edit(BASE, phone=MISSING))
    assert result.clean and "phone" not in result.merged


def test_deleted_on_both_sides() -> None:
    result = merge3(BASE, edit(BASE, phone=MISSING), edit(BASE, phone=MISSING))
    assert result.clean and "phone" not in result.merged


def test_deleted_on_one_side_changed_on_other_conflicts() -> None:
    result = merge3(BASE, edit(BASE, phone=MISSING), edit(BASE, phone="+1 555"))
    (conflict,) = result.conflicts
    assert conflict.ours is MISSING and conflict.theirs == "+1 555"
    assert "phone" not in result.merged  # ours (deleted) is held


def test_unknown_keys_are_merged_like_the_others() -> None:
    base = {**BASE, "x_custom": 1}
    result = merge3(base, {**base, "x_custom": 2}, {**base, "email": "e@x.org"})
    assert result.clean and result.merged["x_custom"] == 2 and result.merged["email"] == "e@x.org"


@pytest.mark.parametrize(
    ("a", "b"),
    [(1, 1.0), (1, True), (0, False), ("1", 1), (dt.date(2026, 1, 1), dt.datetime(2026, 1, 1))],
)
def test_toml_types_are_not_equal_across_types(a: Any, b: Any) -> None:
    assert not same(a, b)
    result = merge3({"v": 0.5}, {"v": a}, {"v": b})
    assert [c.dotted for c in result.conflicts] == ["v"]


def test_same_compares_nested_values_strictly() -> None:
    assert same({"a": [1, {"b": True}]}, {"a": [1, {"b": True}]})
    assert not same({"a": [1, {"b": True}]}, {"a": [1, {"b": 1}]})
    assert not same([1, 2], [1, 2, 3])
    assert not same({"a": 1}, {"b": 1})
    assert same(MISSING, MISSING) and not same(MISSING, None)


# --- tables ---


def test_nested_tables_merge_by_key() -> None:
    ours = edit(BASE, working_hours={**BASE["working_hours"], "start": "08:00"})
    theirs = edit(BASE, working_hours={**BASE["working_hours"], "end": "17:00"})
    result = merge3(BASE, ours, theirs)
    assert result.clean
    assert result.merged["working_hours"] == {
        "days": ["mon", "tue"],
        "start": "08:00",
        "end": "17:00",
    }


def test_nested_conflict_has_a_dotted_path() -> None:
    ours = edit(BASE, working_hours={**BASE["working_hours"], "start": "08:00"})
    theirs = edit(BASE, working_hours={**BASE["working_hours"], "start": "10:00"})
    (conflict,) = merge3(BASE, ours, theirs).conflicts
    assert conflict.dotted == "working_hours.start"
    assert (conflict.base, conflict.ours, conflict.theirs) == ("09:00", "08:00", "10:00")


def test_table_added_on_both_sides_merges_against_empty() -> None:
    result = merge3({}, {"t": {"a": 1}}, {"t": {"b": 2}})
    assert result.clean and result.merged == {"t": {"a": 1, "b": 2}}


def test_table_replaced_by_a_scalar_conflicts_as_a_whole() -> None:
    result = merge3(
        BASE, edit(BASE, working_hours="always"), edit(BASE, working_hours={"days": []})
    )
    assert [c.dotted for c in result.conflicts] == ["working_hours"]


# --- plain lists are values ---


def test_plain_list_changed_on_one_side() -> None:
    theirs = edit(BASE, working_hours={**BASE["working_hours"], "days": ["mon"]})
    assert merge3(BASE, BASE, theirs).merged == theirs


def test_plain_list_changed_differently_conflicts_as_one_value() -> None:
    base = {"hashtags": ["#a", "#b"]}
    result = merge3(base, {"hashtags": ["#a", "#b", "#c"]}, {"hashtags": ["#b"]})
    (conflict,) = result.conflicts
    assert conflict.dotted == "hashtags" and conflict.theirs == ["#b"]


def test_array_of_tables_without_ids_is_a_value() -> None:
    base = {"calendar": [{"day": "mon"}]}
    result = merge3(base, {"calendar": [{"day": "tue"}]}, {"calendar": [{"day": "wed"}]})
    assert [c.dotted for c in result.conflicts] == ["calendar"]


def test_array_with_duplicate_ids_is_a_value() -> None:
    base = {"steps": [{"id": "a", "title": "A"}]}
    ours = {"steps": [{"id": "a", "title": "A1"}, {"id": "a", "title": "dup"}]}
    theirs = {"steps": [{"id": "a", "title": "A2"}]}
    assert [c.dotted for c in merge3(base, ours, theirs).conflicts] == ["steps"]


# --- arrays of tables with ids ---

STEPS: dict[str, Any] = {
    "title": "Outage",
    "steps": [
        {"id": "assess", "title": "Assess", "contacts": ["legal"]},
        {"id": "hold", "title": "Hold the line", "statement": "s1"},
        {"id": "call", "title": "Call legal"},
    ],
}


def steps(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict(step) for step in data["steps"]]


def with_steps(items: list[dict[str, Any]]) -> dict[str, Any]:
    return {**STEPS, "steps": items}


def ids(data: dict[str, Any]) -> list[str]:
    return [step["id"] for step in data["steps"]]


def test_steps_merge_by_id_field_by_field() -> None:
    ours, theirs = steps(STEPS), steps(STEPS)
    ours[0]["title"] = "Assess fast"
    theirs[0]["contacts"] = ["legal", "pr"]
    theirs[2]["detail"] = "Ring the firm"
    result = merge3(STEPS, with_steps(ours), with_steps(theirs))
    assert result.clean
    assert result.merged["steps"][0] == {
        "id": "assess",
        "title": "Assess fast",
        "contacts": ["legal", "pr"],
    }
    assert result.merged["steps"][2]["detail"] == "Ring the firm"


def test_step_conflict_path_names_the_step_id() -> None:
    ours, theirs = steps(STEPS), steps(STEPS)
    ours[1]["title"] = "Hold"
    theirs[1]["title"] = "Wait"
    (conflict,) = merge3(STEPS, with_steps(ours), with_steps(theirs)).conflicts
    assert conflict.path == ("steps", "hold", "title")
    assert conflict.dotted == "steps.hold.title"


def test_steps_added_on_both_sides_are_both_kept_in_place() -> None:
    ours = steps(STEPS)
    ours.insert(1, {"id": "mine", "title": "Mine"})
    theirs = steps(STEPS)
    theirs.append({"id": "theirs", "title": "Theirs"})
    result = merge3(STEPS, with_steps(ours), with_steps(theirs))
    assert result.clean
    assert ids(result.merged) == ["assess", "mine", "hold", "call", "theirs"]


def test_their_added_step_lands_after_its_predecessor() -> None:
    theirs = steps(STEPS)
    theirs.insert(1, {"id": "new", "title": "New"})
    ours = steps(STEPS)
    ours[2]["title"] = "Call the lawyers"
    result = merge3(STEPS, with_steps(ours), with_steps(theirs))
    assert ids(result.merged) == ["assess", "new", "hold", "call"]
    assert result.merged["steps"][3]["title"] == "Call the lawyers"


def test_step_added_first_by_them_goes_first() -> None:
    theirs = [{"id": "zero", "title": "Zero"}, *steps(STEPS)]
    ours = steps(STEPS)
    ours[0]["title"] = "A"
    assert ids(merge3(STEPS, with_steps(ours), with_steps(theirs)).merged)[0] == "zero"


def test_step_deleted_on_one_side_is_deleted() -> None:
    ours = [s for s in steps(STEPS) if s["id"] != "hold"]
    theirs = steps(STEPS)
    theirs[0]["title"] = "Assess now"
    result = merge3(STEPS, with_steps(ours), with_steps(theirs))
    assert result.clean and ids(result.merged) == ["assess", "call"]
    assert result.merged["steps"][0]["title"] == "Assess now"


def test_step_deleted_by_one_and_changed_by_other_conflicts_as_a_whole_step() -> None:
    ours = [s for s in steps(STEPS) if s["id"] != "hold"]
    theirs = steps(STEPS)
    theirs[1]["title"] = "Changed"
    result = merge3(STEPS, with_steps(ours), with_steps(theirs))
    (conflict,) = result.conflicts
    assert conflict.dotted == "steps.hold" and conflict.ours is MISSING
    assert ids(result.merged) == ["assess", "call"]
    resolved = apply_choices(result, {"steps.hold": THEIRS})
    assert "hold" in ids(resolved)


def test_order_follows_the_side_that_reordered() -> None:
    reordered = list(reversed(steps(STEPS)))
    edited = steps(STEPS)
    edited[0]["title"] = "Assess!"
    for ours, theirs in ((reordered, edited), (edited, reordered)):
        result = merge3(STEPS, with_steps(ours), with_steps(theirs))
        assert result.clean
        assert ids(result.merged) == ["call", "hold", "assess"]
        assert result.merged["steps"][2]["title"] == "Assess!"


def test_both_reordered_differently_keeps_ours() -> None:
    ours = [steps(STEPS)[i] for i in (1, 0, 2)]
    theirs = [steps(STEPS)[i] for i in (2, 1, 0)]
    assert ids(merge3(STEPS, with_steps(ours), with_steps(theirs)).merged) == [
        "hold",
        "assess",
        "call",
    ]


def test_id_list_created_on_both_sides_from_nothing() -> None:
    result = merge3({}, {"roles": [{"id": "a", "title": "A"}]}, {"roles": [{"id": "b"}]})
    assert result.clean and [r["id"] for r in result.merged["roles"]] == ["a", "b"]


# --- settling conflicts ---


def two_conflicts() -> Any:
    ours = edit(BASE, email="mine@x.org", working_hours={**BASE["working_hours"], "end": "20:00"})
    theirs = edit(
        BASE, email="theirs@x.org", working_hours={**BASE["working_hours"], "end": "16:00"}
    )
    return merge3(BASE, ours, theirs)


def test_apply_choices_mine_theirs_and_edit() -> None:
    result = two_conflicts()
    assert [c.dotted for c in result.conflicts] == ["email", "working_hours.end"]
    resolved = apply_choices(result, {"email": THEIRS, "working_hours.end": Pick("edit", "19:00")})
    assert resolved["email"] == "theirs@x.org"
    assert resolved["working_hours"]["end"] == "19:00"
    assert result.merged["email"] == "mine@x.org"  # the result itself is left untouched
    assert apply_choices(result, {"email": MINE}) == result.merged


def test_edit_to_missing_removes_the_field() -> None:
    result = two_conflicts()
    resolved = apply_choices(result, {"email": Pick("edit")})
    assert "email" not in resolved


def test_apply_target_takes_the_targets_values() -> None:
    result = two_conflicts()
    target = edit(BASE, email="t@x.org", working_hours={"end": "11:00"})
    resolved = apply_target(result, target)
    assert resolved["email"] == "t@x.org" and resolved["working_hours"]["end"] == "11:00"


def test_get_and_set_at_step_into_id_lists() -> None:
    data = with_steps(steps(STEPS))
    assert get_at(data, ("steps", "hold", "statement")) == "s1"
    assert get_at(data, ("steps", "nope", "title")) is MISSING
    assert get_at(data, ("title", "x")) is MISSING
    set_at(data, ("steps", "hold", "statement"), "s2")
    set_at(data, ("steps", "new", "title"), "New")
    set_at(data, ("steps", "call"), MISSING)
    set_at(data, ("extra", "deep"), 1)
    set_at(data, ("gone", "deeper"), MISSING)
    assert get_at(data, ("steps", "hold", "statement")) == "s2"
    assert ids(data) == ["assess", "hold", "new"]
    assert data["extra"] == {"deep": 1} and "gone" not in data
    with pytest.raises(ValueError):
        set_at(data, (), 1)


def test_merge_for_form_is_the_three_way_merge() -> None:
    base = {"name": "A", "email": "a@x.org", "phone": "+1"}
    form = {**base, "email": "form@x.org"}
    disk = {**base, "phone": "+2"}
    result = merge_for_form(base, form, disk)
    assert result.clean and result.merged == {"name": "A", "email": "form@x.org", "phone": "+2"}
    clash = merge_for_form(base, form, {**base, "email": "disk@x.org"})
    assert [c.dotted for c in clash.conflicts] == ["email"]


def test_describe_reads_like_a_person() -> None:
    assert describe(MISSING) == "(not set)"
    assert describe(True) == "true"
    assert describe(["#a", "#b"]) == "#a, #b"
    assert describe({"a": 1}) == "{a = 1}"
    assert describe([{"id": "x"}]) == "[{id = x}]"
    assert describe(dt.date(2026, 1, 2)) == "2026-01-02"


@pytest.mark.parametrize(
    ("text", "like", "expected"),
    [
        ("hello", "old text", "hello"),
        ("true", "old text", "true"),
        ("true", False, True),
        ("3", 1, 3),
        ("2026-11-22", dt.date(2026, 1, 1), dt.date(2026, 11, 22)),
        ('["a", "b"]', ["x"], ["a", "b"]),
        ("not [toml", 1, "not [toml"),
        ("", MISSING, ""),
    ],
)
def test_value_from_text(text: str, like: Any, expected: Any) -> None:
    from smgov_tui.core.merge import value_from_text

    assert same(value_from_text(text, like), expected)
