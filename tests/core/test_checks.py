"""Every check rule, each with a case that fires and a close case that does not."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smgov_tui.core import checks
from smgov_tui.core.problems import Problem
from smgov_tui.store.store import Store

MakeWs = Callable[..., Path]

ACCOUNT = (
    'network = "instagram"\nhandle = "@shop"\nowner = "ana-ruiz"\n'
    'backup_owner = "luis-gomez"\nstatus = "active"\n'
)
PLAYBOOK = """title = "Hacked account"
trigger = "We lost control of an account"

[[severities]]
id = "high"
first_response_minutes = 30

[[steps]]
id = "lock"
title = "Lock the account"
role = "cm"
contacts = ["legal"]
statement = "holding"
severities = ["high"]

[[statements]]
id = "holding"
text = "We are on it. {brand}"
"""


def problems_of(root: Path) -> list[Problem]:
    store = Store.open(root)
    store.load()
    return store.check()


def test_the_mini_workspace_is_clean(make_ws: MakeWs) -> None:
    assert problems_of(make_ws()) == []


# (name, files that trigger it, code, path, field, line, fragment of the message)
FIRING: list[tuple[str, dict[str, str | None], str, str, str, int | None, str]] = [
    (
        "invalid toml",
        {"accounts/ig-shop.toml": 'network = "instagram"\nhandle = \n'},
        "invalid-toml",
        "accounts/ig-shop.toml",
        "",
        2,
        "is not valid TOML",
    ),
    (
        "schema: wrong enum",
        {"accounts/ig-shop.toml": ACCOUNT.replace('"active"', '"sleeping"')},
        "schema",
        "accounts/ig-shop.toml",
        "status",
        5,
        "one of: active, paused, archived",
    ),
    (
        "schema: missing required field",
        {"contacts/legal.toml": 'name = "Legal"\nphone = "+34 612 345 679"\n'},
        "missing-field",
        "contacts/legal.toml",
        "kind",
        None,
        "is missing; expected one of: legal",
    ),
    (
        "schema: bad date",
        {"accounts/ig-shop.toml": ACCOUNT + 'last_reviewed = "last week"\n'},
        "schema",
        "accounts/ig-shop.toml",
        "last_reviewed",
        6,
        "a date like",
    ),
    (
        "unknown key",
        {"accounts/ig-shop.toml": ACCOUNT + 'ownr = "ana-ruiz"\n'},
        "unknown-key",
        "accounts/ig-shop.toml",
        "ownr",
        6,
        "unknown key",
    ),
    (
        "dangling owner",
        {"accounts/ig-shop.toml": ACCOUNT.replace('owner = "ana-ruiz"', 'owner = "ana"')},
        "dangling-reference",
        "accounts/ig-shop.toml",
        "owner",
        3,
        '"ana" is not an owner (known: ana-ruiz, luis-gomez)',
    ),
    (
        "no owner",
        {"accounts/ig-shop.toml": ACCOUNT.replace('owner = "ana-ruiz"\n', "")},
        "missing-owner",
        "accounts/ig-shop.toml",
        "owner",
        None,
        "has no owner",
    ),
    (
        "no backup",
        {"accounts/ig-shop.toml": ACCOUNT.replace('backup_owner = "luis-gomez"\n', "")},
        "missing-backup_owner",
        "accounts/ig-shop.toml",
        "backup_owner",
        None,
        "no backup owner",
    ),
    (
        "backup equals owner",
        {"accounts/ig-shop.toml": ACCOUNT.replace('"luis-gomez"', '"ana-ruiz"')},
        "backup-is-owner",
        "accounts/ig-shop.toml",
        "backup_owner",
        4,
        "the backup owner is the owner",
    ),
    (
        "inactive owner on an active account",
        {"owners/ana-ruiz.toml": 'name = "Ana Ruiz"\nrole = "cm"\nactive = false\n'},
        "inactive-owner",
        "accounts/ig-shop.toml",
        "owner",
        4,
        "inactive",
    ),
    (
        "contact without a phone",
        {"contacts/legal.toml": 'name = "Legal desk"\nkind = "legal"\n'},
        "contact-without-phone",
        "contacts/legal.toml",
        "phone",
        None,
        "no phone number",
    ),
    (
        "contact with an impossible phone",
        {"contacts/legal.toml": 'name = "Legal desk"\nkind = "legal"\nphone = "+34 12"\n'},
        "invalid-phone",
        "contacts/legal.toml",
        "phone",
        3,
        "not a valid phone number",
    ),
    (
        "playbook without steps",
        {"protocols/crisis/empty.toml": 'title = "Empty"\n'},
        "no-steps",
        "protocols/crisis/empty.toml",
        "steps",
        None,
        "no steps",
    ),
    (
        "step names an unknown contact",
        {"protocols/crisis/hacked.toml": PLAYBOOK.replace('["legal"]', '["lawyer"]')},
        "dangling-reference",
        "protocols/crisis/hacked.toml",
        "steps.0.contacts",
        12,
        '"lawyer" is not a crisis contact',
    ),
    (
        "step names an unknown statement",
        {
            "protocols/crisis/hacked.toml": PLAYBOOK.replace(
                'statement = "holding"', 'statement = "x"'
            )
        },
        "dangling-reference",
        "protocols/crisis/hacked.toml",
        "steps.0.statement",
        13,
        "not a statement of this playbook",
    ),
    (
        "step names an unknown severity",
        {"protocols/crisis/hacked.toml": PLAYBOOK.replace('["high"]', '["extreme"]')},
        "dangling-reference",
        "protocols/crisis/hacked.toml",
        "steps.0.severities",
        14,
        "not a severity of this playbook",
    ),
    (
        "step names an unknown role",
        {"protocols/crisis/hacked.toml": PLAYBOOK.replace('role = "cm"', 'role = "boss"')},
        "dangling-reference",
        "protocols/crisis/hacked.toml",
        "steps.0.role",
        11,
        "not a role of the management protocol",
    ),
    (
        "duplicate step ids",
        {"protocols/crisis/hacked.toml": PLAYBOOK + '\n[[steps]]\nid = "lock"\ntitle = "Again"\n'},
        "duplicate-id",
        "protocols/crisis/hacked.toml",
        "steps.1.id",
        21,
        "used twice",
    ),
    (
        "calendar names an unknown account",
        {
            "protocols/management.toml": '[[roles]]\nid = "cm"\n\n[[calendar]]\n'
            'days = ["mon", "fri"]\ntime = "09:30"\naccount = "ig-shoop"\n'
        },
        "dangling-reference",
        "protocols/management.toml",
        "calendar.0.account",
        7,
        '"ig-shoop" is not an account (known: ig-shop)',
    ),
    (
        "owner with an email that is not an address",
        {"owners/luis-gomez.toml": 'name = "Luis Gómez"\nrole = "cm"\nemail = "not-an-email"\n'},
        "invalid-email",
        "owners/luis-gomez.toml",
        "email",
        3,
        "not an email address",
    ),
    (
        "contact with an email that is not an address",
        {
            "contacts/legal.toml": 'name = "Legal"\nkind = "legal"\nphone = "+34 612 345 679"\n'
            'email = "legal at firm"\n'
        },
        "invalid-email",
        "contacts/legal.toml",
        "email",
        4,
        "not an email address",
    ),
    (
        "owner in a time zone that does not exist",
        {"owners/luis-gomez.toml": 'name = "Luis Gómez"\nrole = "cm"\ntimezone = "Mars/Olympus"\n'},
        "invalid-timezone",
        "owners/luis-gomez.toml",
        "timezone",
        3,
        "not a time zone",
    ),
    (
        "workspace in a time zone that does not exist",
        {"workspace.toml": 'organisation = "Mini"\ntimezone = "Madrid"\n'},
        "invalid-timezone",
        "workspace.toml",
        "timezone",
        2,
        "expected an IANA name like Europe/Madrid",
    ),
    (
        "owner names an unknown role",
        {"owners/luis-gomez.toml": 'name = "Luis Gómez"\nrole = "ceo"\n'},
        "dangling-reference",
        "owners/luis-gomez.toml",
        "role",
        2,
        "not a role",
    ),
    (
        "merge conflict markers",
        {
            "accounts/ig-shop.toml": ACCOUNT
            + '<<<<<<< HEAD\npurpose = "a"\n=======\npurpose = "b"\n>>>>>>> theirs\n'
        },
        "conflict-markers",
        "accounts/ig-shop.toml",
        "",
        6,
        "merge-conflict markers",
    ),
    (
        "a password in the notes",
        {"accounts/ig-shop.toml": ACCOUNT + 'notes = "password: Tienda2024!"\n'},
        "secret",
        "accounts/ig-shop.toml",
        "notes",
        6,
        "looks like a secret",
    ),
    (
        "a token in credentials_location",
        {
            "accounts/ig-shop.toml": ACCOUNT
            + 'credentials_location = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"\n'
        },
        "secret",
        "accounts/ig-shop.toml",
        "credentials_location",
        6,
        "looks like a secret",
    ),
    (
        "a secret key",
        {"owners/luis-gomez.toml": 'name = "Luis Gómez"\nrole = "cm"\npassword = "x1"\n'},
        "secret",
        "owners/luis-gomez.toml",
        "password",
        3,
        "must not be stored",
    ),
    (
        "a profile URL without http(s)",
        {"accounts/ig-shop.toml": ACCOUNT + 'url = "instagram.com/shop"\n'},
        "invalid-url",
        "accounts/ig-shop.toml",
        "url",
        6,
        'the profile URL "instagram.com/shop" is not a web address; expected http:// or https://',
    ),
    (
        "a profile URL with another scheme",
        {"accounts/ig-shop.toml": ACCOUNT + 'url = "ftp://instagram.com/shop"\n'},
        "invalid-url",
        "accounts/ig-shop.toml",
        "url",
        6,
        "expected http:// or https:// and a host",
    ),
    (
        "a profile URL without a host",
        {"accounts/ig-shop.toml": ACCOUNT + 'url = "https:///shop"\n'},
        "invalid-url",
        "accounts/ig-shop.toml",
        "url",
        6,
        "is not a web address",
    ),
    (
        "a link to the scheduled posts that is not a web address",
        {"accounts/ig-shop.toml": ACCOUNT + 'scheduler_url = "metricool planner"\n'},
        "invalid-url",
        "accounts/ig-shop.toml",
        "scheduler_url",
        6,
        'the link to the scheduled posts "metricool planner" is not a web address',
    ),
    (
        "a pause step names an unknown account",
        {
            "protocols/crisis/hacked.toml": PLAYBOOK.replace(
                'severities = ["high"]\n', 'severities = ["high"]\npause_accounts = ["ig-shoop"]\n'
            )
        },
        "dangling-reference",
        "protocols/crisis/hacked.toml",
        "steps.0.pause_accounts",
        15,
        '"ig-shoop" is not an account (known: ig-shop)',
    ),
    (
        "contact hours in a time zone that does not exist",
        {
            "contacts/legal.toml": 'name = "Legal"\nkind = "legal"\nphone = "+34 612 345 679"\n'
            'timezone = "Madrid"\n'
        },
        "invalid-timezone",
        "contacts/legal.toml",
        "timezone",
        4,
        "expected an IANA name like Europe/Madrid",
    ),
    (
        "file name that is not an id",
        {"owners/Ana Ruiz.toml": 'name = "Ana"\n'},
        "bad-id",
        "owners/Ana Ruiz.toml",
        "",
        None,
        "not a valid id",
    ),
]


@pytest.mark.parametrize(
    ("files", "code", "path", "field", "line", "fragment"),
    [case[1:] for case in FIRING],
    ids=[case[0] for case in FIRING],
)
def test_rule_fires(
    make_ws: MakeWs,
    files: dict[str, str | None],
    code: str,
    path: str,
    field: str,
    line: int | None,
    fragment: str,
) -> None:
    found = problems_of(make_ws(files))
    matching = [p for p in found if p.code == code and p.path == path and p.field == field]
    assert matching, f"no {code} at {path} {field}; got {[str(p) for p in found]}"
    assert matching[0].line == line
    assert fragment in matching[0].message


# Close cases that must NOT fire.
QUIET: list[tuple[str, dict[str, str | None], str]] = [
    (
        "archived account may have no owner",
        {"accounts/ig-shop.toml": 'network = "instagram"\nhandle = "@shop"\nstatus = "archived"\n'},
        "missing-owner",
    ),
    (
        "paused account with an inactive owner",
        {
            "owners/ana-ruiz.toml": 'name = "Ana Ruiz"\nrole = "cm"\nactive = false\n',
            "accounts/ig-shop.toml": ACCOUNT.replace('"active"', '"paused"'),
        },
        "inactive-owner",
    ),
    (
        "a valid playbook",
        {"protocols/crisis/hacked.toml": PLAYBOOK},
        "dangling-reference",
    ),
    (
        "a playbook with steps",
        {"protocols/crisis/hacked.toml": PLAYBOOK},
        "no-steps",
    ),
    (
        "credentials location that only says where",
        {
            "accounts/ig-shop.toml": ACCOUNT
            + 'credentials_location = "Bitwarden, Marketing collection (ask the password '
            'manager admin)"\nnotes = "Token of appreciation campaign in May"\n'
        },
        "secret",
    ),
    (
        "equals signs inside text are not conflict markers",
        {"accounts/ig-shop.toml": ACCOUNT + 'notes = """\n=== heading ===\n"""\n'},
        "conflict-markers",
    ),
    (
        "calendar slot for an existing account",
        {
            "protocols/management.toml": '[[roles]]\nid = "cm"\n\n[[calendar]]\n'
            'days = ["mon"]\naccount = "ig-shop"\n'
        },
        "dangling-reference",
    ),
    (
        "valid email and time zone",
        {
            "owners/luis-gomez.toml": 'name = "Luis Gómez"\nrole = "cm"\n'
            'email = "luis.gomez+smgov@sub.example.org"\ntimezone = "America/Mexico_City"\n'
        },
        "invalid-email",
    ),
    (
        "a known time zone",
        {
            "owners/luis-gomez.toml": 'name = "Luis Gómez"\nrole = "cm"\n'
            'timezone = "Atlantic/Canary"\n'
        },
        "invalid-timezone",
    ),
    (
        "an https profile URL",
        {"accounts/ig-shop.toml": ACCOUNT + 'url = "https://www.instagram.com/shop?hl=es"\n'},
        "invalid-url",
    ),
    (
        "an http profile URL with a port",
        {"accounts/ig-shop.toml": ACCOUNT + 'url = "HTTP://shop.example.org:8080/blog"\n'},
        "invalid-url",
    ),
    (
        "no profile URL at all",
        {"accounts/ig-shop.toml": ACCOUNT},
        "invalid-url",
    ),
    (
        "a valid phone",
        {"contacts/legal.toml": 'name = "Legal"\nkind = "legal"\nphone = "+44 20 7946 0958"\n'},
        "invalid-phone",
    ),
]


@pytest.mark.parametrize(
    ("files", "code"), [case[1:] for case in QUIET], ids=[case[0] for case in QUIET]
)
def test_rule_stays_quiet(make_ws: MakeWs, files: dict[str, str | None], code: str) -> None:
    found = problems_of(make_ws(files))
    assert [str(p) for p in found if p.code == code] == []


def test_cli_check_exit_codes_and_json(make_ws: MakeWs, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from smgov_tui.cli import main

    runner = CliRunner()
    clean = make_ws()
    result = runner.invoke(main, ["check", str(clean)])
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings in 8 files." in result.output

    broken = make_ws({"accounts/ig-shop.toml": ACCOUNT.replace('"ana-ruiz"', '"ana"')})
    result = runner.invoke(main, ["check", str(broken)])
    assert result.exit_code == 1
    assert 'error: accounts/ig-shop.toml:3 Owner: "ana" is not an owner' in result.output

    result = runner.invoke(main, ["check", str(broken), "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["errors"] == 1
    error = next(p for p in report["problems"] if p["severity"] == "error")
    assert error["field"] == "owner"
    assert error["line"] == 3

    result = runner.invoke(main, ["check", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "not a folder" in result.output


def test_warnings_alone_exit_zero(make_ws: MakeWs) -> None:
    from click.testing import CliRunner

    from smgov_tui.cli import main

    root = make_ws({"accounts/ig-shop.toml": ACCOUNT + 'colour = "blue"\n'})
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 0
    assert "warning: accounts/ig-shop.toml:6 colour: unknown key" in result.output


def test_a_bad_profile_url_is_a_warning_inline_and_in_check(make_ws: MakeWs) -> None:
    """The form's inline validation and ``check`` agree: a warning, which does not block a save."""
    root = make_ws({"accounts/ig-shop.toml": ACCOUNT + 'url = "www.shop.example"\n'})
    store = Store.open(root)
    store.load()
    from smgov_tui.core import kinds as k

    entry = store.data.entry(k.ACCOUNTS, "ig-shop")
    assert entry is not None
    inline = [p for p in store.validate(k.ACCOUNTS, "ig-shop", dict(entry.raw)) if p.field == "url"]
    assert [(p.severity, p.code) for p in inline] == [("warning", "invalid-url")]
    assert [p for p in store.check() if p.code == "invalid-url"] == inline


@settings(max_examples=300, deadline=None)
@given(
    url=st.one_of(
        st.from_regex(checks._PLAIN_URL, fullmatch=True),
        st.text(alphabet="htps:/.-ab1[]@ \t?#%\u00e9", max_size=30).map(lambda t: "https://" + t),
    )
)
def test_the_plain_url_shortcut_accepts_only_what_urlsplit_accepts(url: str) -> None:
    text = url.strip()
    if checks._PLAIN_URL.match(text):
        assert checks._is_web_address(text), text


def test_a_secret_key_is_found_after_files_whose_keys_were_all_plain(make_ws: MakeWs) -> None:
    """The check remembers keys that name no secret, to skip files made only of them: a key
    in another case, or a secret key beside the same plain keys, is still looked at."""
    root = make_ws(
        {
            "accounts/ig-a.toml": ACCOUNT,
            "accounts/ig-b.toml": ACCOUNT + 'API_KEY = "k-123"\n',
            "accounts/ig-c.toml": ACCOUNT + 'Token = "t-123"\n',
            "accounts/ig-d.toml": ACCOUNT + 'password = ""\n',
        }
    )
    for _ in range(2):  # the second check starts with every plain key remembered
        found = [(p.path, p.field) for p in problems_of(root) if p.code == "secret"]
        assert ("accounts/ig-b.toml", "API_KEY") in found
        assert ("accounts/ig-c.toml", "Token") in found
        assert not [
            path for path, _field in found if path in ("accounts/ig-a.toml", "accounts/ig-d.toml")
        ]
