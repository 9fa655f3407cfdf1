"""The workspace's [plan] in its form and its detail (pure presentation, on the sample's
real files): people are picked among the owners, departments among those the workspace
names (with "all" first), and the detail reads names, not the record's repr."""

from __future__ import annotations

from smgov_tui.core import kinds as k
from smgov_tui.core import records as r
from smgov_tui.store.store import Store
from smgov_tui.ui.present.detail import build_detail
from smgov_tui.ui.present.formspec import form_for, overlay, specs_for


def test_the_plan_is_a_table_of_the_workspace_form(store: Store) -> None:
    plan = next(f for f in form_for(k.WORKSPACE).fields if f.name == "plan")
    assert plan.widget == "table" and plan.label == "Plan ownership"
    fields = {f.name: f for f in plan.fields}
    assert [f.name for f in plan.fields] == [
        "departments",
        "owner",
        "evangelists",
        "approved_by",
        "approved_on",
        "next_review",
    ]
    assert (fields["owner"].widget, fields["evangelists"].widget) == ("select", "multi")
    assert fields["owner"].label == "Plan owner"
    entry = store.data.entry(k.WORKSPACE, "workspace")
    pick_people, pick_departments = fields["evangelists"].options, fields["departments"].options
    assert entry is not None and pick_people is not None and pick_departments is not None
    people = pick_people(store.data, entry.raw)
    assert ("Irene Gallego Marín (irene-gallego) - inactive", "irene-gallego") in people
    departments = pick_departments(store.data, entry.raw)
    assert departments[0] == ("All departments (all)", "all")
    assert ("Corporate communications", "Corporate communications") in departments
    assert fields["approved_on"].widget == fields["next_review"].widget == "date"


def test_the_workspace_detail_reads_the_plan(store: Store) -> None:
    detail = build_detail(store.data, k.WORKSPACE, "workspace", [])
    assert detail is not None
    shown = dict((label, text.plain) for label, text in detail.fields)
    assert shown["Plan ownership"].splitlines() == [
        "Plan owner: Raúl Santos Ibáñez",
        "Evangelists: Ana Ruiz Beltrán, Sofía Navarro Prieto",
        "Owning departments: Marketing, Corporate communications",
        "Plan approved by: Management committee of Ultramarinos Olmedo, on 2026-09-30",
        "Next review: 2027-03-31",
    ]


def test_a_blank_nested_table_the_file_did_not_have_is_not_written() -> None:
    """Saving an untouched form of a workspace without [plan] (or of an owner without
    [working_hours]) wrote an empty table; it writes nothing now."""
    meta = {"organisation": "Shop"}
    assert overlay(meta, specs_for(r.WorkspaceMeta), {"plan": {}}) == meta
    owner = {"name": "Ana"}
    assert overlay(owner, specs_for(r.Owner), {"working_hours": {}}) == owner
    had = {"name": "Ana", "working_hours": {"start": "08:00"}}
    assert overlay(had, specs_for(r.Owner), {"working_hours": {}}) == {
        "name": "Ana",
        "working_hours": {},
    }  # a table the file had is kept, as an emptied list or text is
