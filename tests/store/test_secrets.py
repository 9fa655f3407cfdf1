"""Secrets: found by ``smgov check``, never repeated in a commit, left out of every export.

Everything runs on real workspaces (git repos in temp folders) through the CLI or the store.
The sample keys below are the public examples of each vendor's documentation, put together
from pieces so that no scanner mistakes this file for a leak.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from smgov_tui.cli import main
from smgov_tui.core import kinds as k
from smgov_tui.store.errors import ValidationFailed
from smgov_tui.store.incidents import Incidents
from smgov_tui.store.messages import commit_message
from smgov_tui.store.store import Store
from smgov_tui.store.template import init_workspace
from smgov_tui.store.tomledit import edit_text
from tests.helpers.git import AUTHOR, git, subjects

JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
    ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
    ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
)
STRIPE = "sk_" + "live_" + "4eC39HqLyjWDarjtT1zdp7dc"
GOOGLE = "AI" + "za" + "SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY"
BASIC_AUTH_URL = "https://ana:" + "S3cr3t-Pass" + "@intranet.example.com/social"

MISSED = {  # what smgov check did not flag before detect-secrets
    "a JWT": JWT,
    "a Stripe live key": STRIPE,
    "a Google API key": GOOGLE,
    "a URL with a password": BASIC_AUTH_URL,
}
CAUGHT = {  # what it always flagged, and still must
    "a password in prose": "password: Tienda2024!",
    "a Spanish password": "la contraseña es gatito99",
    "a short token": "token: abc123",
    "a secret": "client secret = s3cr3t-value",
    "an API key": "API key: 12ab-34cd",
    "a GitHub token": "ghp_" + "abcdefghijklmnopqrstuvwxyz0123456789",
    "an AWS key id": "AKIA" + "IOSFODNN7EXAMPLE",
    "a private key": "-----BEGIN RSA " + "PRIVATE KEY-----",
    "a Meta access token": "EAA" + "Gm0PX4ZCpsBAKZAZCSomething1234567890abcdefXYZ",
    "a Slack token": "xoxb-" + "123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
    "an OpenAI key": "sk-" + "proj-AbCdEfGhIjKlMnOpQrStUvWxYz012345",
}
ORDINARY = {
    "a handle": "@acme_corporate_valencia_12",
    "a profile URL": "https://www.instagram.com/ultramarinos.olmedo/",
    "a URL with an @ in its path": "https://medium.com/@olmedo/recetas-de-otono-2026",
    "a YouTube channel": "https://www.youtube.com/channel/UC_x5XG1OV2P6uZZ5FSM9Ttw",
    "a phone": "+34 600 123 456",
    "an email address": "mailto:prensa@ultramarinosolmedo.es",
    "where the password is": "the password is kept in 1Password, vault Social (ask Ana)",
    "a token of thanks": "Token of appreciation campaign in May",
    "Spanish prose": (
        "La clave es escuchar antes de responder. Palabra clave: #Verano2026. La contraseña "
        "se guarda en Bitwarden; las superadministradoras de la página son Sofía y Ana. "
        "Horario de atención: 09:00-14:00, respuesta en 24 h, presupuesto de 1.500 € al mes."
    ),
}


def _write_account_value(root: Path, field: str, value: str) -> str:
    """Set ``field`` of the first account to ``value`` by hand and commit it with git: the
    way a secret gets in when nothing checks it (an editor, an old version of smgov)."""
    path = sorted((root / "accounts").glob("*.toml"))[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(edit_text(text, {**tomllib.loads(text), field: value}), encoding="utf-8")
    rel = path.relative_to(root).as_posix()
    git(root, "commit", "-qam", f"edit {rel} by hand")
    return rel


# --- detection --------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [*MISSED.values(), *CAUGHT.values()], ids=[*MISSED, *CAUGHT])
def test_smgov_check_flags_the_secret(ws: Path, value: str) -> None:
    rel = _write_account_value(ws, "notes", f"for the campaign: {value}")
    result = CliRunner().invoke(main, ["check", str(ws), "--format", "json"])
    assert result.exit_code == 1, result.output
    found = [p for p in json.loads(result.stdout)["problems"] if p["code"] == "secret"]
    assert [(p["path"], p["field"]) for p in found] == [(rel, "notes")]


PLUGIN_SAMPLES = {  # one key of each kind smgov enables, as its plugin's pattern has it
    "artifactory.ArtifactoryDetector": "AKC" + "p5budTFpbypBqQbGJPz3pGCi28pPivfWczqjfYb9drAmd9L",
    "aws.AWSKeyDetector": "AKIA" + "IOSFODNN7EXAMPLE",
    "azure_storage_key.AzureStorageKeyDetector": "AccountKey="
    + "lJzRc1YdHaAA2KCNJJ1tkYwF/+mKK6Ygw0NGe170Xu592euJv2wYUtBlV8z+qnlcNQSnIYVTkLWntUO1F8j8rQ==",
    "basic_auth.BasicAuthDetector": BASIC_AUTH_URL,
    "discord.DiscordBotTokenDetector": "MTk4NjIyNDgzNDcxOTI1MjQ4"
    + ".Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs",
    "github_token.GitHubTokenDetector": "ghp_" + "abcdefghijklmnopqrstuvwxyz0123456789",
    "gitlab_token.GitLabTokenDetector": "glpat-" + "Ab3dEf6hIj9kLm2nOp5q",
    "jwt.JwtTokenDetector": JWT,
    "mailchimp.MailchimpDetector": "0123456789abcdef" + "0123456789abcdef-us12",
    "npm.NpmDetector": "//registry.npmjs.org/:_authToken="
    + "npm_"
    + "abcdefghijklmnopqrstuvwxyz0123456789",
    "openai.OpenAIDetector": "sk-" + "abcdefghij0123456789" + "T3BlbkFJ" + "abcdefghij0123456789",
    "private_key.PrivateKeyDetector": "-----BEGIN OPENSSH " + "PRIVATE KEY-----",
    "pypi_token.PypiTokenDetector": "pypi-" + "AgEIcHlwaS5vcmc" + "A1b2C3d4E5" * 7,
    "sendgrid.SendGridDetector": "SG."
    + "ngeVfQFYQlKU0ufo8x5d1A"
    + "."
    + "TwL2iGABf9DHoTf-09kqeF8tAmbihYzrnopKc-1s5cr",
    "slack.SlackDetector": "xoxb-" + "123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
    "square_oauth.SquareOAuthDetector": "sq0csp-" + "0123456789abcdefghijABCDEFGHIJ_-0123456789a",
    "stripe.StripeDetector": STRIPE,
    "telegram_token.TelegramBotTokenDetector": "123456789:" + "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0",
    "twilio.TwilioKeyDetector": "AC" + "0123456789abcdef0123456789abcdef",
}


@pytest.mark.parametrize("plugin", list(PLUGIN_SAMPLES))
def test_every_enabled_detect_secrets_plugin_gets_its_kind_of_key(plugin: str) -> None:
    """The cheap tests in front of the plugins let each plugin's own kind of key through."""
    import importlib

    from smgov_tui.core.secrets import looks_like_secret

    module, name = plugin.split(".")
    detector = getattr(importlib.import_module(f"detect_secrets.plugins.{module}"), name)()
    line = f'notes = "for the bot: {PLUGIN_SAMPLES[plugin]}"'
    assert list(detector.analyze_string(line)), "the sample is not this plugin's kind"
    assert looks_like_secret(line)


@pytest.mark.parametrize("value", list(ORDINARY.values()), ids=list(ORDINARY))
def test_ordinary_values_are_not_secrets(ws: Path, value: str) -> None:
    _write_account_value(ws, "notes", value)
    result = CliRunner().invoke(main, ["check", str(ws), "--format", "json"])
    assert not [p for p in json.loads(result.stdout)["problems"] if p["code"] == "secret"]
    from smgov_tui.core.secrets import looks_like_secret

    assert not looks_like_secret(value)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_samples_have_no_findings(tmp_path: Path, language: str) -> None:
    root = tmp_path / language
    init_workspace(root, language, AUTHOR, today=dt.date(2026, 11, 22))
    result = CliRunner().invoke(main, ["check", str(root), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["problems"] == []


def test_a_secret_on_any_line_of_a_file_is_found_with_its_line() -> None:
    from smgov_tui.core.secrets import secret_lines

    text = f'# a comment\nname = "x"\nnotes = """\nfirst\n{STRIPE}\n"""\n# key: {GOOGLE}\n'
    assert secret_lines(text) == [5, 7]
    assert secret_lines(text.replace("\n", "\r\n")) == [5, 7]


def test_checking_a_workspace_does_not_import_detect_secrets() -> None:
    """Only a line that may hold a token loads the detectors (they pull in requests)."""
    code = (
        "import sys\n"
        "from smgov_tui.core.secrets import looks_like_secret\n"
        "assert not looks_like_secret('superadministradoras de la página: Sofía y Ana')\n"
        "assert not looks_like_secret('https://www.instagram.com/tienda/')\n"
        "assert not looks_like_secret('url = \"https://www.youtube.com/channel/"
        "UC_x5XG1OV2P6uZZ5FSM9Ttw\"')\n"
        "print('detect_secrets' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert out.strip() == "False"


# --- commit messages ------------------------------------------------------------------------


def test_commit_message_never_repeats_a_secret() -> None:
    message = commit_message(k.ACCOUNTS, "x", {"notes": "old"}, {"notes": STRIPE})
    assert message == "accounts: update notes of x"
    assert commit_message(k.ACCOUNTS, "x", {}, {"owner": "ana-ruiz"}) == (
        "accounts: set owner of x to ana-ruiz"
    )


def test_saving_a_secret_is_refused_and_the_history_never_holds_it(store: Store, ws: Path) -> None:
    account = sorted(store.data.accounts)[0]
    entry = store.data.entry(k.ACCOUNTS, account)
    assert entry is not None
    before = subjects(ws)
    with pytest.raises(ValidationFailed) as refused:
        store.save(k.ACCOUNTS, account, {**entry.raw, "notes": STRIPE}, entry.text)
    assert [p.code for p in refused.value.problems] == ["secret"]
    assert subjects(ws) == before
    assert STRIPE not in git(ws, "log", "--all", "--format=%B")


def test_no_commit_message_carries_a_secret(store: Store, ws: Path) -> None:
    """Whoever builds the message (an import, a settlement), the last door redacts it."""
    rel = sorted(p.relative_to(ws).as_posix() for p in (ws / "owners").glob("*.toml"))[0]
    (ws / rel).write_text((ws / rel).read_text(encoding="utf-8") + "# x\n", encoding="utf-8")
    store.git.commit_paths([rel], f"owners: note {STRIPE} and password: Tienda2024!", AUTHOR)
    assert subjects(ws)[0] == "owners: note [withheld] and password: [withheld]"
    from smgov_tui.core.secrets import redact

    assert redact("accounts: set owner of x to ana-ruiz") == "accounts: set owner of x to ana-ruiz"


# --- exports --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_handbook_withholds_a_secret_and_says_so(ws: Path, fmt: str) -> None:
    _write_account_value(ws, "purpose", f"Shop news; API key {GOOGLE}")
    result = CliRunner().invoke(main, ["export", str(ws), "--format", fmt])
    assert result.exit_code == 0, result.output
    assert GOOGLE not in result.stdout
    assert "withheld: looks like a secret" in result.stdout
    assert "1 value was left out because it looks like a secret" in result.stderr


def test_the_spanish_handbook_says_it_in_spanish(tmp_path: Path) -> None:
    root = tmp_path / "es"
    init_workspace(root, "es", AUTHOR, today=dt.date(2026, 11, 22))
    _write_account_value(root, "purpose", BASIC_AUTH_URL)
    result = CliRunner().invoke(main, ["export", str(root), "--format", "html"])
    assert result.exit_code == 0, result.output
    assert "S3cr3t" not in result.stdout
    assert "[omitido: parece un secreto]" in result.stdout


def test_the_accounts_csv_withholds_a_secret_and_import_keeps_it(ws: Path, tmp_path: Path) -> None:
    rel = _write_account_value(ws, "notes", JWT)
    csv_file = tmp_path / "accounts.csv"
    runner = CliRunner()
    result = runner.invoke(main, ["export", "accounts", str(ws), "-o", str(csv_file)])
    assert result.exit_code == 0, result.output
    written = csv_file.read_text(encoding="utf-8")
    assert JWT not in written and "[withheld: looks like a secret]" in written
    assert "1 value was left out" in result.stderr
    # the marker reads as "keep what the file has": the round trip still changes nothing
    before = subjects(ws)
    result = runner.invoke(main, ["import", "accounts", str(csv_file), str(ws)])
    assert result.exit_code == 0, result.output
    assert "Nothing changed" in result.output
    assert subjects(ws) == before
    assert JWT in (ws / rel).read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_incident_report_withholds_a_secret_and_says_so(
    store: Store, ws: Path, fmt: str
) -> None:
    incidents = Incidents(store)
    current = incidents.create("hacked-account", "high")
    incidents.act(current, "skipped", f"reset it with {STRIPE}")
    result = CliRunner().invoke(main, ["incident", "report", current.id, str(ws), "--format", fmt])
    assert result.exit_code == 0, result.output
    assert STRIPE not in result.stdout
    assert "withheld: looks like a secret" in result.stdout
    assert "1 value was left out" in result.stderr


def test_the_app_export_counts_what_its_handbook_left_out(ws: Path, tmp_path: Path) -> None:
    """The app's export (key x) writes the file and returns the count its notification shows."""
    from smgov_tui.core.withhold import withheld_notice
    from smgov_tui.ui.controllers.export_action import export_file

    _write_account_value(ws, "purpose", STRIPE)
    store = Store.open(ws)
    store.load()
    written, withheld = export_file(store, "html", tmp_path / "handbook.html")
    assert STRIPE not in written.read_text(encoding="utf-8")
    assert withheld == 1
    assert withheld_notice(withheld).startswith("1 value was left out")


def test_a_spanish_csv_marks_it_in_spanish_and_import_keeps_the_value(
    ws: Path, tmp_path: Path, spanish: None
) -> None:
    from smgov_tui.i18n import set_language

    rel = _write_account_value(ws, "notes", STRIPE)
    csv_file = tmp_path / "cuentas.csv"
    runner = CliRunner()
    result = runner.invoke(main, ["export", "accounts", str(ws), "-o", str(csv_file)])
    assert result.exit_code == 0, result.output
    assert "[omitido: parece un secreto]" in csv_file.read_text(encoding="utf-8")
    assert "1 valor se ha dejado fuera" in result.stderr
    set_language("en")  # imported by someone working in English
    before = subjects(ws)
    result = runner.invoke(main, ["import", "accounts", str(csv_file), str(ws)])
    assert result.exit_code == 0, result.output
    assert subjects(ws) == before
    assert STRIPE in (ws / rel).read_text(encoding="utf-8")
