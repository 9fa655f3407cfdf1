"""Governance rules: each one positive (it fires) and negative (a healthy workspace is quiet)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from smgov_tui.core.checks import check_workspace
from smgov_tui.core.problems import Problem
from smgov_tui.store.loader import load_workspace
from tests.helpers.health import BASE, TODAY, only, run


def test_healthy_workspace_has_no_findings(tmp_path: Path) -> None:
    assert run(tmp_path) == []


# --- reviews ----------------------------------------------------------------------------------


def test_review_overdue_names_days_and_cadence(tmp_path: Path) -> None:
    text = BASE["accounts/ig-tienda.toml"].replace("2026-11-01", "2026-08-01")
    found = only(run(tmp_path, accounts__ig_tienda_toml=text), "review-overdue")
    assert len(found) == 1
    problem = found[0]
    assert (problem.path, problem.field, problem.severity) == (
        "accounts/ig-tienda.toml",
        "last_reviewed",
        "warning",
    )
    assert problem.line == 7
    assert "113 days ago" in problem.message and "every 90 days" in problem.message


def test_review_within_cadence_is_quiet_and_cadence_comes_from_protocol(tmp_path: Path) -> None:
    text = BASE["accounts/ig-tienda.toml"].replace("2026-11-01", "2026-08-01")
    mgmt = BASE["protocols/management.toml"].replace("= 90", "= 120")
    assert (
        only(
            run(tmp_path, accounts__ig_tienda_toml=text, protocols__management_toml=mgmt),
            "review-overdue",
        )
        == []
    )


def test_never_reviewed_account(tmp_path: Path) -> None:
    text = BASE["accounts/ig-tienda.toml"].replace("last_reviewed = 2026-11-01\n", "")
    found = only(run(tmp_path, accounts__ig_tienda_toml=text), "review-overdue")
    assert len(found) == 1 and "never reviewed" in found[0].message


def test_archived_account_needs_no_review(tmp_path: Path) -> None:
    text = BASE["accounts/ig-tienda.toml"].replace("2026-11-01", "2020-01-01")
    text += 'status = "archived"\n'
    assert only(run(tmp_path, accounts__ig_tienda_toml=text), "review-overdue") == []


# --- owners -----------------------------------------------------------------------------------


def test_owner_without_training_date(tmp_path: Path) -> None:
    text = BASE["owners/ben-ortiz.toml"].replace("trained_on = 2026-10-01\n", "")
    found = only(run(tmp_path, owners__ben_ortiz_toml=text), "untrained-owner")
    assert [(p.path, p.field, p.severity) for p in found] == [
        ("owners/ben-ortiz.toml", "trained_on", "warning")
    ]
    assert "Ben Ortiz" in found[0].message


def test_inactive_owner_without_training_is_not_nagged(tmp_path: Path) -> None:
    text = BASE["owners/ben-ortiz.toml"].replace("trained_on = 2026-10-01\n", "active = false\n")
    assert only(run(tmp_path, owners__ben_ortiz_toml=text), "untrained-owner") == []


def test_inactive_owner_of_active_account_is_one_error(tmp_path: Path) -> None:
    text = BASE["owners/ben-ortiz.toml"].replace("trained_on", "active = false\ntrained_on")
    found = only(run(tmp_path, owners__ben_ortiz_toml=text), "inactive-owner")
    assert [(p.field, p.severity) for p in found] == [("backup_owner", "error")]


def test_inactive_owner_of_paused_account_is_a_warning(tmp_path: Path) -> None:
    owner = BASE["owners/ben-ortiz.toml"].replace("trained_on", "active = false\ntrained_on")
    account = BASE["accounts/ig-tienda.toml"] + 'status = "paused"\n'
    found = only(
        run(tmp_path, owners__ben_ortiz_toml=owner, accounts__ig_tienda_toml=account),
        "inactive-owner-paused",
    )
    assert [(p.field, p.severity) for p in found] == [("backup_owner", "warning")]


def test_department_without_owner(tmp_path: Path) -> None:
    account = BASE["accounts/ig-tienda.toml"].replace('"Marketing"', '"Sales"')
    second = account.replace("@tienda", "@ventas")
    found = only(
        run(tmp_path, accounts__ig_tienda_toml=account, accounts__ig_ventas_toml=second),
        "department-without-owner",
    )
    assert len(found) == 1  # once per department, not once per account
    assert found[0].path == "accounts/ig-tienda.toml" and found[0].field == "department"
    assert "Sales" in found[0].message and "ig-ventas" in found[0].message


def test_department_match_ignores_case(tmp_path: Path) -> None:
    account = BASE["accounts/ig-tienda.toml"].replace('"Marketing"', '"marketing "')
    assert only(run(tmp_path, accounts__ig_tienda_toml=account), "department-without-owner") == []


# --- accounts ---------------------------------------------------------------------------------


def test_active_account_without_purpose(tmp_path: Path) -> None:
    text = BASE["accounts/ig-tienda.toml"].replace('purpose = "Customers"\n', "")
    found = only(run(tmp_path, accounts__ig_tienda_toml=text), "missing-purpose")
    assert [(p.field, p.severity) for p in found] == [("purpose", "warning")]


def test_paused_account_without_purpose_is_fine(tmp_path: Path) -> None:
    text = BASE["accounts/ig-tienda.toml"].replace('purpose = "Customers"\n', "")
    text += 'status = "paused"\n'
    assert only(run(tmp_path, accounts__ig_tienda_toml=text), "missing-purpose") == []


@pytest.mark.parametrize("other", ["@Tienda", "tienda", " TIENDA "])
def test_duplicate_handles_on_one_network(tmp_path: Path, other: str) -> None:
    text = BASE["accounts/ig-tienda.toml"].replace('"@tienda"', f'"{other}"')
    found = only(run(tmp_path, accounts__ig_shop_toml=text), "duplicate-handle")
    assert sorted(p.path for p in found) == ["accounts/ig-shop.toml", "accounts/ig-tienda.toml"]
    assert all(p.severity == "error" and p.field == "handle" and p.line == 2 for p in found)


def test_same_handle_on_another_network_is_fine(tmp_path: Path) -> None:
    text = BASE["accounts/ig-tienda.toml"].replace('"instagram"', '"tiktok"')
    assert only(run(tmp_path, accounts__tt_tienda_toml=text), "duplicate-handle") == []


def test_response_time_longer_than_default(tmp_path: Path) -> None:
    account = BASE["accounts/ig-tienda.toml"] + "response_sla_hours = 48\n"
    mgmt = BASE["protocols/management.toml"].replace("hours = 12", "hours = 72")
    found = only(
        run(tmp_path, accounts__ig_tienda_toml=account, protocols__management_toml=mgmt),
        "slow-response",
    )
    assert sorted((p.path, p.field) for p in found) == [
        ("accounts/ig-tienda.toml", "response_sla_hours"),
        ("protocols/management.toml", "response_times.0.hours"),
    ]
    assert all(p.severity == "warning" and p.line for p in found)


def test_response_time_equal_to_default_is_fine(tmp_path: Path) -> None:
    account = BASE["accounts/ig-tienda.toml"] + "response_sla_hours = 24\n"
    assert only(run(tmp_path, accounts__ig_tienda_toml=account), "slow-response") == []


# --- contacts and playbooks -------------------------------------------------------------------


def test_crisis_chain_needs_legal_executive_and_pr(tmp_path: Path) -> None:
    found = only(run(tmp_path, contacts__ceo_toml=None), "crisis-chain-incomplete")
    assert len(found) == 1
    assert found[0].severity == "error" and "executive" in found[0].message
    assert found[0].path == "contacts"


def test_crisis_contact_without_phone_does_not_count(tmp_path: Path) -> None:
    found = only(
        run(tmp_path, contacts__agency_toml='name = "PR"\nkind = "pr_agency"\n'),
        "crisis-chain-incomplete",
    )
    assert len(found) == 1 and "PR" in found[0].message


def test_playbook_step_with_unknown_role_and_contact(tmp_path: Path) -> None:
    playbook = (
        'title = "Outage"\n\n[[steps]]\nid = "call"\ntitle = "Call"\nrole = "boss"\n'
        'contacts = ["nobody"]\n'
    )
    found = only(run(tmp_path, protocols__crisis__outage_toml=playbook), "dangling-reference")
    assert sorted(p.field for p in found) == ["steps.0.contacts", "steps.0.role"]
    assert len(found) == 2  # no duplicate from the governance module


def test_playbook_roles_unchecked_without_management(tmp_path: Path) -> None:
    playbook = 'title = "Outage"\n\n[[steps]]\nid = "call"\ntitle = "Call"\nrole = "boss"\n'
    found = only(
        run(tmp_path, protocols__crisis__outage_toml=playbook, protocols__management_toml=None),
        "dangling-reference",
    )
    assert [(p.field, p.severity) for p in found] == [("steps.0.role", "warning")]


def test_playbook_with_known_role_and_contact_is_fine(tmp_path: Path) -> None:
    playbook = (
        'title = "Outage"\ntrigger = "The shop is down."\n\n'
        '[[steps]]\nid = "call"\ntitle = "Call"\n'
        'role = "community-manager"\ncontacts = ["ceo"]\n'
    )
    # Ben stands in for Ana, so the step's role has two people (else: single-holder)
    ben = BASE["owners/ben-ortiz.toml"].replace(
        "[working_hours]", 'deputy_for = ["community-manager"]\n\n[working_hours]'
    )
    assert run(tmp_path, protocols__crisis__outage_toml=playbook, owners__ben_ortiz_toml=ben) == []


# --- escalation levels -------------------------------------------------------------------------


def _level(name: str, kind: str, phone: str, level: int) -> str:
    return f'name = "{name}"\nkind = "{kind}"\nphone = "{phone}"\nescalation_level = {level}\n'


def test_a_gap_in_escalation_levels_leaves_the_contacts_above_unreached(tmp_path: Path) -> None:
    found = only(
        run(tmp_path, contacts__ceo_toml=_level("CEO", "executive", "+34 600 123 457", 3)),
        "escalation-gap",
    )
    assert [(p.path, p.field, p.line, p.severity) for p in found] == [
        ("contacts/ceo.toml", "escalation_level", 4, "warning")
    ]
    assert found[0].message == (
        "nobody holds escalation level 2, so a crisis stops escalating at level 1 and never "
        "reaches this level-3 contact; number the levels without a gap (1, 2, 3...)"
    )


def test_every_contact_beyond_the_gap_is_named_once(tmp_path: Path) -> None:
    found = only(
        run(
            tmp_path,
            contacts__ceo_toml=_level("CEO", "executive", "+34 600 123 457", 2),
            contacts__agency_toml=_level("PR", "pr_agency", "+34 600 123 458", 5),
            contacts__board_toml=_level("Board", "other", "+34 600 123 459", 5),
        ),
        "escalation-gap",
    )
    assert sorted(p.path for p in found) == ["contacts/agency.toml", "contacts/board.toml"]
    assert all("level 3, so a crisis stops escalating at level 2" in p.message for p in found)


@pytest.mark.parametrize(
    "levels",
    [(1, 1, 1), (1, 2, 2), (2, 3, 3), (2, 2, 2)],
    ids=["all-first", "shared-level", "nobody-on-level-1", "all-on-level-2"],
)
def test_levels_without_a_gap_are_quiet(tmp_path: Path, levels: tuple[int, int, int]) -> None:
    lawyer, ceo, agency = levels
    problems = run(
        tmp_path,
        contacts__lawyer_toml=_level("Law", "legal", "+34 600 123 456", lawyer),
        contacts__ceo_toml=_level("CEO", "executive", "+34 600 123 457", ceo),
        contacts__agency_toml=_level("PR", "pr_agency", "+34 600 123 458", agency),
    )
    assert only(problems, "escalation-gap") == []


def test_crisis_chain_is_a_warning_while_no_account_is_live(tmp_path: Path) -> None:
    """A plan being set up (``init --blank``: no account yet) passes CI; the warning stays."""
    problems = run(
        tmp_path,
        accounts__ig_tienda_toml=None,
        contacts__lawyer_toml=None,
        contacts__ceo_toml=None,
        contacts__agency_toml=None,
    )
    assert [(p.code, p.severity) for p in only(problems, "crisis-chain-incomplete")] == [
        ("crisis-chain-incomplete", "warning")
    ]
    archived = BASE["accounts/ig-tienda.toml"] + 'status = "archived"\n'
    problems = run(tmp_path, accounts__ig_tienda_toml=archived, contacts__ceo_toml=None)
    assert [p.severity for p in only(problems, "crisis-chain-incomplete")] == ["warning"]


# --- staffing: who answers a crisis step, and the on-call rota (on the sample's real files) ---


def sample_findings(ws: Path, **edits: tuple[str, str]) -> list[Problem]:
    """Check the ``ws`` sample after replacing text in its files: ``owners__ana_ruiz_toml=
    (old, new)`` (the path written as in :func:`tests.helpers.health.run`)."""
    for key, (old, new) in edits.items():
        path = ws / key.replace("_toml", ".toml").replace("__", "/").replace("_", "-")
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return check_workspace(load_workspace(ws), TODAY)


STAFFING = ("role-unheld", "single-holder", "rota-gap", "rota-inactive-person")


def test_the_sample_is_fully_staffed(ws: Path) -> None:
    found = sample_findings(ws)
    assert [p for p in found if p.code in STAFFING] == []
    assert found == []  # the sample passes every rule: a fresh demo's check is clean


def test_a_step_whose_role_nobody_active_holds_is_an_error(ws: Path) -> None:
    found = sample_findings(
        ws,
        owners__beatriz_soler_toml=("active = true", "active = false"),
        owners__tomas_aguirre_toml=("active = true", "active = false"),
    )
    unheld = only(found, "role-unheld")
    assert {(p.path, p.field, p.severity) for p in unheld} == {
        ("protocols/crisis/hacked-account.toml", "steps.5.role", "error"),
        ("protocols/crisis/offensive-employee-post.toml", "steps.2.role", "error"),
    }
    assert all('"legal-counsel"' in p.message and "deputy_for" in p.message for p in unheld)
    text = (ws / "protocols/crisis/hacked-account.toml").read_text(encoding="utf-8")
    line = next(p.line for p in unheld if p.path.endswith("hacked-account.toml"))
    assert line is not None and text.splitlines()[line - 1] == 'role = "legal-counsel"'


def test_a_deputy_holds_a_role_for_the_staffing_rules(ws: Path) -> None:
    found = sample_findings(
        ws,
        owners__beatriz_soler_toml=("active = true", "active = false"),
        owners__tomas_aguirre_toml=("active = true", "active = false"),
        owners__raul_santos_toml=(
            'deputy_for = ["social-media-lead"]',
            'deputy_for = ["social-media-lead", "legal-counsel"]',
        ),
    )
    assert only(found, "role-unheld") == []
    # Raúl alone answers for legal now: a single point of failure
    single = only(found, "single-holder")
    assert [(p.field, p.severity) for p in single] == [("roles.5.id", "warning")]
    assert "Raúl Santos Ibáñez" in single[0].message and "legal-counsel" in single[0].message


def test_the_on_call_role_is_held_by_the_rota_alone(ws: Path) -> None:
    # nobody has role = "on-call" in their file: the rota holds it. With nobody active in the
    # rota, its steps are unheld and the message says to fix the rota
    found = sample_findings(
        ws,
        owners__ana_ruiz_toml=("active = true", "active = false"),
        owners__sofia_navarro_toml=("active = true", "active = false"),
    )
    unheld = [p for p in only(found, "role-unheld") if '"on-call"' in p.message]
    assert {(p.path, p.field) for p in unheld} == {
        ("protocols/crisis/hacked-account.toml", "steps.0.role"),
        ("protocols/crisis/offensive-employee-post.toml", "steps.0.role"),
    }
    assert all("add active people to the rota" in p.message for p in unheld)


def test_without_a_rota_nobody_holds_the_on_call_role(ws: Path) -> None:
    mgmt = (ws / "protocols/management.toml").read_text(encoding="utf-8")
    rota = mgmt[mgmt.index("\n[rota]\n") :]
    found = sample_findings(ws, protocols__management_toml=(rota, "\n"))
    unheld = only(found, "role-unheld")
    assert {(p.path, p.field) for p in unheld} == {
        ("protocols/crisis/hacked-account.toml", "steps.0.role"),
        ("protocols/crisis/offensive-employee-post.toml", "steps.0.role"),
    }
    assert all("add an on-call rota" in p.message for p in unheld)


def test_a_role_held_by_one_person_is_a_single_point_of_failure(ws: Path) -> None:
    found = sample_findings(
        ws, owners__raul_santos_toml=('deputy_for = ["social-media-lead"]\n', "")
    )
    single = only(found, "single-holder")
    assert [(p.path, p.field, p.severity) for p in single] == [
        ("protocols/management.toml", "roles.0.id", "warning")
    ]
    assert "Ana Ruiz Beltrán" in single[0].message
    assert "hacked-account" in single[0].message


def test_a_rota_of_one_active_person_is_a_single_point_of_failure(ws: Path) -> None:
    found = sample_findings(ws, owners__sofia_navarro_toml=("active = true", "active = false"))
    single = [p for p in only(found, "single-holder") if '"on-call"' in p.message]
    assert [(p.field, p.severity) for p in single] == [("roles.6.id", "warning")]
    assert "only Ana Ruiz Beltrán can be on call" in single[0].message
    assert "add another active person to the rota" in single[0].message


def test_a_role_no_crisis_step_uses_may_have_one_holder(tmp_path: Path) -> None:
    # the small workspace's only role has one holder and no playbook: nothing to say
    assert only(run(tmp_path), "single-holder") == []


def test_an_inactive_person_in_the_rota_is_an_error(ws: Path) -> None:
    found = sample_findings(ws, owners__sofia_navarro_toml=("active = true", "active = false"))
    inactive = only(found, "rota-inactive-person")
    fields = sorted(p.field for p in inactive)
    # her turns, and the overrides still to come that name her (the 2nd one is Ana's)
    assert fields == ["rota.overrides.0.person", "rota.overrides.2.person", "rota.people"]
    assert all(p.severity == "error" for p in inactive)
    assert "Sofía Navarro Prieto" in inactive[0].message


def test_an_unknown_person_in_the_rota_is_a_dangling_reference(ws: Path) -> None:
    found = sample_findings(
        ws, protocols__management_toml=('"ana-ruiz", "sofia-navarro"]', '"ana-ruiz", "nadie"]')
    )
    dangling = [p for p in only(found, "dangling-reference") if p.field == "rota.people"]
    assert len(dangling) == 1 and '"nadie"' in dangling[0].message


def test_rota_gaps_are_errors(ws: Path) -> None:
    found = sample_findings(
        ws, protocols__management_toml=("first_day = 2026-11-09", "first_day = 2026-12-01")
    )
    gap = only(found, "rota-gap")
    assert [(p.field, p.severity) for p in gap] == [("rota.first_day", "error")]
    assert "2026-12-07 09:00" in gap[0].message


def test_an_empty_rota_and_a_backwards_override_are_gaps(ws: Path) -> None:
    found = sample_findings(
        ws,
        protocols__management_toml=('people = ["ana-ruiz", "sofia-navarro"]', "people = []"),
    )
    assert [p.field for p in only(found, "rota-gap")] == ["rota.people"]
    found = sample_findings(
        ws, protocols__management_toml=("until_date = 2026-12-14", "until_date = 2026-12-01")
    )
    backwards = [p for p in only(found, "rota-gap") if p.field != "rota.people"]
    assert [p.field for p in backwards] == ["rota.overrides.2.until_date"]
    line = backwards[0].line
    text = (ws / "protocols/management.toml").read_text(encoding="utf-8")
    assert line is not None and text.splitlines()[line - 1] == "until_date = 2026-12-01"


def test_a_rota_in_an_unknown_time_zone_is_a_gap(ws: Path) -> None:
    found = sample_findings(
        ws,
        protocols__management_toml=(
            'timezone = "Europe/Madrid"\nrole',
            'timezone = "Europe/Valencia"\nrole',
        ),
    )
    assert [p.field for p in only(found, "rota-gap")] == ["rota.timezone"]


# --- the plan's own ownership (workspace.toml [plan]) -------------------------------------------

PLAN_WS = BASE["workspace.toml"]


def _plan(old: str, new: str) -> str:
    assert old in PLAN_WS
    return PLAN_WS.replace(old, new)


def test_a_plan_without_owner_or_evangelist_is_warned(tmp_path: Path) -> None:
    text = _plan('owner = "ana-ruiz"\n', "").replace('evangelists = ["ben-ortiz"]\n', "")
    found = run(tmp_path, workspace_toml=text)
    owner = only(found, "plan-without-owner")
    evangelist = only(found, "plan-without-evangelist")
    assert [(p.path, p.field, p.severity) for p in owner + evangelist] == [
        ("workspace.toml", "plan.owner", "warning"),
        ("workspace.toml", "plan.evangelists", "warning"),
    ]
    assert owner[0].line == evangelist[0].line == 6  # the [plan] header
    assert "ana-ruiz, ben-ortiz" in owner[0].message


def test_a_workspace_without_a_plan_gets_the_three_warnings(tmp_path: Path) -> None:
    text = PLAN_WS[: PLAN_WS.index("\n[plan]")]
    found = run(tmp_path, workspace_toml=text)
    assert sorted((p.code, p.severity) for p in found) == [
        ("plan-review-overdue", "warning"),
        ("plan-without-evangelist", "warning"),
        ("plan-without-owner", "warning"),
    ]


def test_an_inactive_plan_owner_or_evangelist_is_an_error(tmp_path: Path) -> None:
    ben = BASE["owners/ben-ortiz.toml"].replace("trained_on", "active = false\ntrained_on")
    text = _plan('owner = "ana-ruiz"', 'owner = "ben-ortiz"')
    found = only(
        run(tmp_path, workspace_toml=text, owners__ben_ortiz_toml=ben), "inactive-plan-person"
    )
    assert [(p.field, p.line, p.severity) for p in found] == [
        ("plan.owner", 8, "error"),
        ("plan.evangelists", 9, "error"),
    ]
    assert "owns the plan" in found[0].message and "evangelist" in found[1].message


def test_unknown_plan_people_are_dangling_references(tmp_path: Path) -> None:
    text = _plan('owner = "ana-ruiz"', 'owner = "nobody"').replace(
        '["ben-ortiz"]', '["ben-ortiz", "ghost"]'
    )
    found = only(run(tmp_path, workspace_toml=text), "dangling-reference")
    assert [(p.path, p.field, p.severity) for p in found] == [
        ("workspace.toml", "plan.owner", "error"),
        ("workspace.toml", "plan.evangelists", "error"),
    ]
    assert {'"ghost" is not an owner', '"nobody" is not an owner'} == {
        p.message.split(" (")[0] for p in found
    }


def test_an_overdue_plan_review_is_warned_with_its_date(tmp_path: Path) -> None:
    text = _plan("next_review = 2027-03-01", "next_review = 2026-11-01")
    found = only(run(tmp_path, workspace_toml=text), "plan-review-overdue")
    assert [(p.field, p.line, p.severity) for p in found] == [("plan.next_review", 12, "warning")]
    assert "2026-11-01, 21 days ago" in found[0].message


def test_a_plan_review_due_today_is_not_overdue(tmp_path: Path) -> None:
    text = _plan("next_review = 2027-03-01", "next_review = 2026-11-22")
    assert only(run(tmp_path, workspace_toml=text), "plan-review-overdue") == []


def test_a_plan_without_review_date_is_warned(tmp_path: Path) -> None:
    text = _plan("next_review = 2027-03-01\n", "")
    found = only(run(tmp_path, workspace_toml=text), "plan-review-overdue")
    assert len(found) == 1 and "no review date" in found[0].message


@pytest.mark.parametrize(
    ("departments", "warned"),
    [('["all"]', False), ('["Marketing", "Sales"]', False), ('["all", "Marketing"]', True)],
)
def test_all_departments_is_written_alone(tmp_path: Path, departments: str, warned: bool) -> None:
    text = _plan('["Marketing"]', departments)
    found = only(run(tmp_path, workspace_toml=text), "plan-departments")
    assert [(p.field, p.severity) for p in found] == (
        [("plan.departments", "warning")] if warned else []
    )


# --- training plans per role (management protocol) --------------------------------------------

TRAINED_CM = BASE["protocols/management.toml"].replace(
    'title = "CM"\n',
    'title = "CM"\ntraining_topics = ["crisis mode", "voice and tone"]\ntraining_every_days = 30\n',
)


def test_a_person_trained_longer_ago_than_their_role_asks_is_due(tmp_path: Path) -> None:
    found = only(run(tmp_path, protocols__management_toml=TRAINED_CM), "training-overdue")
    assert [(p.path, p.field, p.line, p.severity) for p in found] == [
        ("owners/ana-ruiz.toml", "trained_on", 4, "warning")
    ]
    assert "52 days ago" in found[0].message and "every 30 days" in found[0].message
    assert "crisis mode, voice and tone" in found[0].message


def test_training_within_the_role_interval_or_without_one_is_quiet(tmp_path: Path) -> None:
    every_90 = TRAINED_CM.replace("= 30", "= 90")
    assert only(run(tmp_path, protocols__management_toml=every_90), "training-overdue") == []
    assert only(run(tmp_path), "training-overdue") == []  # no interval: no refresh asked


def test_an_inactive_person_is_not_due_for_training(tmp_path: Path) -> None:
    ana = BASE["owners/ana-ruiz.toml"].replace("\n", "\nactive = false\n", 1)
    found = run(tmp_path, protocols__management_toml=TRAINED_CM, owners__ana_ruiz_toml=ana)
    assert only(found, "training-overdue") == []


def test_a_role_trained_on_a_schedule_names_its_topics(tmp_path: Path) -> None:
    no_topics = TRAINED_CM.replace('training_topics = ["crisis mode", "voice and tone"]\n', "")
    found = only(run(tmp_path, protocols__management_toml=no_topics), "training-without-topics")
    assert [(p.path, p.field, p.severity) for p in found] == [
        ("protocols/management.toml", "roles.0.training_every_days", "warning")
    ]
    assert (
        only(run(tmp_path / "b", protocols__management_toml=TRAINED_CM), "training-without-topics")
        == []
    )


# --- listening: what leads to each crisis playbook (on the sample's real files) ---------------


HACKED = "protocols/crisis/hacked-account.toml"
HACKED_THRESHOLD = 'above = 0\nwithin_minutes = 1440\nplaybook = "hacked-account"'


def _without_trigger(ws: Path) -> None:
    """Empty the hacked-account playbook's trigger (a multi-line string in the sample)."""
    path = ws / HACKED
    text = path.read_text(encoding="utf-8")
    emptied = re.sub(r'trigger = """.*?"""', 'trigger = ""', text, count=1, flags=re.S)
    assert emptied != text
    path.write_text(emptied, encoding="utf-8")


def test_a_playbook_nothing_leads_to_is_flagged_at_its_trigger(ws: Path) -> None:
    _without_trigger(ws)
    found = sample_findings(
        ws,
        protocols__listening_toml=(
            HACKED_THRESHOLD,
            HACKED_THRESHOLD.replace("hacked-account", "viral-complaint"),
        ),
    )
    unreached = only(found, "playbook-unreached")
    assert [(p.path, p.field, p.severity) for p in unreached] == [(HACKED, "trigger", "warning")]
    line = unreached[0].line
    text = (ws / HACKED).read_text(encoding="utf-8")
    assert line is not None and text.splitlines()[line - 1] == 'trigger = ""'
    assert unreached[0].fix  # says how: a trigger, or a threshold in protocols/listening.toml


def test_a_threshold_or_a_trigger_is_enough(ws: Path) -> None:
    _without_trigger(ws)  # the sample's threshold still points to it
    assert only(sample_findings(ws), "playbook-unreached") == []


def test_a_trigger_alone_is_enough_without_a_listening_protocol(ws: Path) -> None:
    (ws / "protocols/listening.toml").unlink()
    assert sample_findings(ws) == []
    _without_trigger(ws)
    assert [p.path for p in only(sample_findings(ws), "playbook-unreached")] == [HACKED]


def test_a_threshold_must_point_to_a_playbook(ws: Path) -> None:
    found = sample_findings(
        ws,
        protocols__listening_toml=('playbook = "hacked-account"', 'playbook = "hacked"'),
    )
    dangling = only(found, "dangling-reference")
    assert [(p.path, p.field) for p in dangling] == [
        ("protocols/listening.toml", "thresholds.2.playbook")
    ]
    assert '"hacked"' in dangling[0].message and "hacked-account" in dangling[0].message


def test_the_listening_role_must_be_a_role_of_the_management_protocol(ws: Path) -> None:
    found = sample_findings(
        ws, protocols__listening_toml=('role = "community-manager"', 'role = "listener"')
    )
    assert [p.field for p in only(found, "dangling-reference")] == ["role"]
