"""The registry of governance rules: :mod:`checks` and :mod:`governance` add to it, and
``checks.check_entry`` / ``check_workspace`` run it.

Its own module so that both rule modules import it and neither imports the other (``checks``
imports ``governance`` only to register its rules).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from smgov_tui.core import kinds as k
from smgov_tui.core.labels import field_words
from smgov_tui.core.model import Entry, WorkspaceData
from smgov_tui.core.problems import Problem, Severity, line_of
from smgov_tui.i18n import N_, _

RecordRule = Callable[[WorkspaceData, Entry[Any], dt.date], Iterable[Problem]]
WorkspaceRule = Callable[[WorkspaceData, dt.date], Iterable[Problem]]

RECORD_RULES: dict[str, list[RecordRule]] = {kind.name: [] for kind in k.ALL_KINDS}
TEXT_RULES: list[Callable[[Entry[Any]], Iterable[Problem]]] = []
WORKSPACE_RULES: list[WorkspaceRule] = []


def record_rule(*kinds: k.Kind) -> Callable[[RecordRule], RecordRule]:
    """Register a rule that checks one record of the given kinds."""

    def register(rule: RecordRule) -> RecordRule:
        for kind in kinds:
            RECORD_RULES[kind.name].append(rule)
        return rule

    return register


def workspace_rule(rule: WorkspaceRule) -> WorkspaceRule:
    """Register a rule that looks across the whole workspace."""
    WORKSPACE_RULES.append(rule)
    return rule


def problem_at(
    entry: Entry[Any],
    field: str,
    message: str,
    code: str,
    severity: Severity = "error",
    fix: str = "",
) -> Problem:
    """A problem at ``field`` of ``entry`` (its line found in the file's text); ``fix`` when the
    rule can say more precisely than :data:`FIXES` how to fix this one."""
    return Problem(entry.path, line_of(entry.text, field), field, message, severity, code, fix)


# --- how to fix each finding ----------------------------------------------------------------

FIXES: dict[str, str] = {
    # training (governance.py)
    "training-overdue": N_("Train the person on the role's topics, then set {field} to that day."),
    "training-without-topics": N_(
        "List in {field} what people in this role must be trained on, or remove the interval."
    ),
    # staffing and the on-call rota (governance.py)
    "role-unheld": N_(
        "Give the role to an active person, or name someone's deputy_for it, or put the step "
        "under a role that people hold."
    ),
    "single-holder": N_(
        "Give the role to a second active person, or name a deputy for it in another "
        "person's file (deputy_for)."
    ),
    "rota-gap": N_(
        "Add people, turns or overrides to the rota so that somebody active is on call at "
        "every hour, and check its first_day and timezone."
    ),
    "rota-inactive-person": N_(
        "Replace the inactive person in the rota (or in the override) with an active one, or "
        "make them active again."
    ),
    # listening (governance.py)
    "playbook-unreached": N_(
        "Write in {field} what starts the playbook, or add a threshold that points to it in "
        "protocols/listening.toml."
    ),
    # governance (governance.py)
    "review-overdue": N_(
        "Review the account, then set {field} to that day: r on it in the Review section "
        "does it in one commit."
    ),
    "missing-purpose": N_("Write in {field} who the account speaks to and what for."),
    "inactive-owner-paused": N_("Name an active person as {field} before the account is resumed."),
    "slow-response": N_(
        "Lower {field} to the workspace's default response time, or raise the default in "
        "the workspace settings if every account really answers more slowly."
    ),
    "untrained-owner": N_("Train the person on the protocols, then set {field} to that day."),
    "duplicate-handle": N_(
        "Keep one record per account: delete or archive the copy, or correct its {field}."
    ),
    "department-without-owner": N_(
        "Give an active owner this department, or correct the account's {field}."
    ),
    "crisis-chain-incomplete": N_(
        "Add the missing crisis contacts (legal, executive, PR agency), each with a phone "
        "written with + and the country code."
    ),
    "coverage-unknown": N_(
        "Give the owner and the backup their working hours and a time zone the check knows."
    ),
    "coverage-gap": N_(
        "Name a backup whose working hours cover the gap, or raise the account's response time."
    ),
    "escalation-gap": N_(
        "Number the escalation levels without a gap (1, 2, 3...): move this contact down, or "
        "add a contact at the missing level."
    ),
    # references and people (checks.py)
    "dangling-reference": N_(
        "Pick one of the known values for {field}, or first create the record it names."
    ),
    "missing-owner": N_("Name the person responsible for the account as {field}."),
    "missing-backup_owner": N_(
        "Name a second person as {field}, who stands in when the owner is away."
    ),
    "inactive-owner": N_(
        "Name an active person as {field}, or mark the person active again if they are back."
    ),
    "backup-is-owner": N_("Name somebody other than the owner as {field}."),
    "invalid-email": N_("Write {field} as an address like ana@example.org, or leave it empty."),
    "invalid-timezone": N_(
        "Write {field} as a time zone name like Europe/Madrid or America/Mexico_City."
    ),
    "invalid-url": N_("Write {field} as the profile's full address, starting with https://."),
    "contact-without-phone": N_(
        "Add the contact's phone, with + and the country code (e.g. +34 600 123 456)."
    ),
    "invalid-phone": N_("Write {field} with + and the country code, e.g. +34 600 123 456."),
    "no-steps": N_("Add at least one step: what to do first when this crisis starts."),
    "duplicate-id": N_("Give each item an id of its own: incident logs name steps by their id."),
    # the text of any file (checks.py)
    "conflict-markers": N_(
        "Open the file, keep the right version of each conflicting part and delete the "
        "<<<<<<<, ======= and >>>>>>> lines."
    ),
    "secret": N_(
        "Delete the secret from the file, change it (git history keeps it), and write in "
        "Credentials location where it is kept instead."
    ),
    "check-failed": N_(
        "Simplify the file in a text editor; if it looks ordinary, report it with the file."
    ),
    # loading (validate.py, store/loader.py)
    "missing-field": N_("Fill in {field}: the form marks it with *."),
    "schema": N_("Give {field} the kind of value the message names."),
    "unknown-key": N_("Delete the key or correct its spelling: smgov does not read it."),
    "invalid-toml": N_(
        "Open the file in a text editor and correct the line named (often a missing quote or "
        "bracket), or restore it from the history."
    ),
    "unreadable": N_("Make the file readable (chmod u+r) or restore it from the history."),
    "not-a-file": N_("Move it out of the workspace folder: only regular .toml files are read."),
    "missing-file": N_(
        "Restore the file from the history (git checkout -- FILE), or start again with smgov init."
    ),
    "unsafe-path": N_("Replace the link with a real file inside the workspace, or delete it."),
    "bad-id": N_("Rename the file with lower-case letters, digits and hyphens."),
    # the repository (store/pending.py, store/mergeconfig.py) and imports
    "uncommitted": N_("Open the workspace in smgov to commit the change or put it back."),
    "foreign-merge-driver": N_(
        "Remove the setting from .git/config, then run smgov sync to set smgov's own again."
    ),
    "csv": N_("Correct the spreadsheet at the row and column named, then import it again."),
}
"""One plain sentence per rule code saying how to fix a finding (msgids, translated when shown;
``{field}`` is the finding's field in its label's words). A rule that knows more says it in its
own problem's ``fix``; tests/core/test_fixes.py fails for a code without a sentence here."""


def field_name(problem: Problem) -> str:
    """The finding's field as people read it: its label (``Trained on``, ``step 3 › Contacts``),
    never the key; "" for a finding about the whole file."""
    found = k.kind_for_path(problem.path)
    return field_words(problem.field, found[0].record_type if found else None)


def described(problem: Problem) -> str:
    """``path:line Field label: message``, as ``smgov check`` prints a finding (the key stays
    in ``--format json``'s ``field``)."""
    where = problem.path if problem.line is None else f"{problem.path}:{problem.line}"
    name = field_name(problem)
    return f"{where} {name}: {problem.message}" if name else f"{where}: {problem.message}"


def fix_text(problem: Problem) -> str:
    """How to fix ``problem``: its own sentence, else its code's, in the interface language
    ("" for a problem without a code)."""
    if problem.fix:
        return problem.fix
    text = FIXES.get(problem.code)
    if not text:
        return ""
    return _(text).format(field=field_name(problem) or _("the field"))


def with_fix(problem: Problem) -> Problem:
    """``problem`` with its ``fix`` filled in (the same object when nothing changes)."""
    if problem.fix or not problem.code:
        return problem
    fix = fix_text(problem)
    return dataclasses.replace(problem, fix=fix) if fix else problem


def with_fixes(problems: Iterable[Problem]) -> list[Problem]:
    """Every problem with its ``fix`` filled in."""
    return [with_fix(problem) for problem in problems]


def known_ids(ids: Iterable[str]) -> str:
    """The ids a reference may name, for its message: the first six, sorted."""
    listed = sorted(ids)
    if not listed:
        return _("none defined yet")
    shown = ", ".join(listed[:6])
    return shown + (", ..." if len(listed) > 6 else "")
