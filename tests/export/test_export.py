"""The handbook export (Markdown, HTML, PDF through Chromium) and the accounts CSV round trip."""

from __future__ import annotations

import csv as csvmod
import io
import re
import shutil
import subprocess
from pathlib import Path

import html5lib
import pytest
from click.testing import CliRunner

from smgov_tui.cli import main
from smgov_tui.core import clock
from smgov_tui.core import kinds as k
from smgov_tui.core.escape import md_escape
from smgov_tui.export import export_handbook
from smgov_tui.export.accounts_csv import accounts_to_csv, parse_accounts_csv
from smgov_tui.export.handbook import render_markdown
from smgov_tui.store.errors import ValidationFailed
from smgov_tui.store.importer import import_accounts
from smgov_tui.store.store import Store
from smgov_tui.store.template import init_workspace
from tests.helpers.git import AUTHOR, git
from tests.helpers.sync import head

NASTY = '[bold]x[/] <script>alert(1)</script> [link="file:///etc/passwd"]y[/link] | *z* & co'


def loaded(root: Path) -> Store:
    store = Store.open(root)
    store.load()
    return store


# --- handbook: Markdown ----------------------------------------------------------------------


def test_markdown_structure_follows_the_plan(store: Store) -> None:
    text = export_handbook(store, "md")
    headings = [line for line in text.splitlines() if line.startswith("#")]
    level2 = [h for h in headings if h.startswith("## ")]
    assert headings[0].startswith("# ") and "Social media governance handbook" in headings[0]
    assert level2 == [
        "## Contents",
        "## Objectives",
        "## Plan ownership",
        "## Who owns what",
        "## Communication protocol",
        "## Management protocol",
        "## Listening protocol",
        "## Crisis contacts",
        "## Crisis playbooks",
    ]
    data = store.data
    for objective in data.meta.objectives if data.meta else []:
        assert f"- {md_escape(objective)}" in text
    for account in data.accounts.values():
        assert md_escape(account.handle) in text
        owner = data.owners.get(account.owner)
        assert owner is not None and owner.name in text
    for playbook in data.playbooks.values():
        assert f"### {md_escape(playbook.title)}" in text
    for contact in data.contacts.values():
        assert contact.phone in text
    departments = {a.department for a in data.accounts.values()}
    for department in departments:
        assert f"### {md_escape(department)}" in text


def test_markdown_in_the_workspace_language(tmp_path: Path) -> None:
    root = tmp_path / "es"
    init_workspace(root, "es", AUTHOR)
    text = export_handbook(loaded(root), "md")
    assert "## Quién se ocupa de qué" in text and "## Guías de crisis" in text
    assert "Who owns what" not in text


def set_purpose(store: Store, account_id: str, text: str) -> None:
    entry = store.data.entry(k.ACCOUNTS, account_id)
    assert entry is not None
    store.save(k.ACCOUNTS, account_id, {**entry.raw, "purpose": text}, entry.text)


def test_markdown_escapes_user_text(store: Store) -> None:
    set_purpose(store, "instagram-olmedo", NASTY)
    out = render_markdown(store.data, clock.today())
    assert "\\[bold\\]x\\[/\\]" in out
    assert "\\<script>" in out and not re.search(r"(?<!\\)<script>", out)
    assert "\\| \\*z\\*" in out  # a pipe cannot break the table


# --- handbook: HTML ---------------------------------------------------------------------------


def _text(element: object) -> str:
    return " ".join("".join(element.itertext()).split())  # type: ignore[attr-defined]


def test_html_parses_and_contains_every_account(store: Store) -> None:
    page = export_handbook(store, "html")
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    tree = parser.parse(page)  # strict: raises on any parse error
    text = _text(tree)
    for aid, account in store.data.accounts.items():
        assert account.handle in text and aid in text
    assert tree.find(".//style") is not None
    assert tree.findall(".//script") == [] and tree.findall(".//link") == []
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", page)  # no external assets
    sections = tree.findall(".//section[@class='playbook']")
    assert len(sections) == len(store.data.playbooks)
    assert "@media print" in page and "break-before: page" in page


def test_html_escapes_user_text(store: Store) -> None:
    set_purpose(store, "instagram-olmedo", NASTY)
    page = export_handbook(store, "html")
    tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
    assert tree.findall(".//script") == []
    assert NASTY in _text(tree)


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("chromium") is None or shutil.which("pdftotext") is None,
    reason="needs chromium and pdftotext (apt-get install chromium poppler-utils)",
)
def test_html_prints_to_pdf_with_no_missing_text(store: Store, tmp_path: Path) -> None:
    page = tmp_path / "handbook.html"
    page.write_text(export_handbook(store, "html"), encoding="utf-8")
    pdf = tmp_path / "handbook.pdf"
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-pdf-header-footer",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = "".join(text.split())
    for account in store.data.accounts.values():
        assert "".join(account.handle.split()) in flat, account.handle
    for playbook in store.data.playbooks.values():
        assert "".join(playbook.title.split()) in flat, playbook.title
    for contact in store.data.contacts.values():
        assert "".join(contact.phone.split()) in flat, contact.phone
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    count = int(re.search(r"Pages:\s+(\d+)", pages).group(1))  # type: ignore[union-attr]
    assert count > len(store.data.playbooks)  # each playbook starts on its own page


def test_cli_export_handbook_to_file_and_stdout(ws: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "handbook.html"
    result = runner.invoke(main, ["export", str(ws), "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    result = runner.invoke(main, ["export", str(ws)])
    assert result.exit_code == 0 and result.output.startswith("# ")
    result = runner.invoke(main, ["export", str(ws), "--format", "csv"])
    assert result.exit_code == 2 and "export accounts" in result.output


# --- accounts CSV -----------------------------------------------------------------------------


def test_csv_round_trip_changes_nothing(ws: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    csv_file = tmp_path / "accounts.csv"
    result = runner.invoke(main, ["export", "accounts", str(ws), "-o", str(csv_file)])
    assert result.exit_code == 0, result.output
    before = head(ws)
    result = runner.invoke(main, ["import", "accounts", str(csv_file), str(ws)])
    assert result.exit_code == 0, result.output
    assert "Nothing changed" in result.output
    assert head(ws) == before
    assert git(ws, "status", "--porcelain") == ""
    rows, problems = parse_accounts_csv(csv_file.read_text(encoding="utf-8"), "accounts.csv")
    assert problems == [] and len(rows) == len(list((ws / "accounts").glob("*.toml")))


def test_csv_import_creates_and_updates_in_one_commit(store: Store, ws: Path) -> None:
    text = accounts_to_csv(store.data)
    lines = text.splitlines()
    header = lines[0].split(",")
    path = ws / "accounts" / "instagram-olmedo.toml"
    original = path.read_text(encoding="utf-8")
    comments = [line for line in original.splitlines() if line.startswith("#")]
    # change one field of instagram-olmedo, add a new account
    index = next(i for i, line in enumerate(lines) if line.startswith("instagram-olmedo,"))
    lines[index] = lines[index].replace(",active,", ",paused,", 1)
    new = dict.fromkeys(header, "")
    new.update(
        id="mastodon-olmedo",
        network="mastodon",
        handle="@olmedo@mastodon.social",
        owner="ana-ruiz",
        backup_owner="javier-moreno",
        purpose="Trial",
        last_reviewed="2026-11-20",
        response_sla_hours="12",
    )
    lines.append(",".join(new[h] for h in header))
    before = head(ws)
    done = import_accounts(store, "\n".join(lines) + "\n", "sheet.csv")
    assert done.created == ["mastodon-olmedo"] and done.updated == ["instagram-olmedo"]
    assert git(ws, "rev-list", "--count", f"{before}..HEAD").strip() == "1"
    assert (
        git(ws, "log", "-1", "--format=%s").strip() == "accounts: add 1 and update 1 from sheet.csv"
    )
    assert git(ws, "log", "-1", "--format=%an <%ae>").strip() == "Test Author <test@example.org>"
    changed = git(ws, "show", "--format=", "--name-only", "HEAD").split()
    assert sorted(changed) == ["accounts/instagram-olmedo.toml", "accounts/mastodon-olmedo.toml"]
    updated = path.read_text(encoding="utf-8")
    assert [line for line in updated.splitlines() if line.startswith("#")] == comments
    diff = git(
        ws, "show", "--format=", "--unified=0", "HEAD", "--", "accounts/instagram-olmedo.toml"
    )
    assert [
        line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ] == [
        '-status = "active"',
        '+status = "paused"',
    ]
    created = (ws / "accounts" / "mastodon-olmedo.toml").read_text(encoding="utf-8")
    assert "response_sla_hours = 12" in created and "last_reviewed = 2026-11-20" in created
    assert git(ws, "status", "--porcelain") == ""


def test_csv_with_bad_rows_reports_every_one_and_commits_nothing(ws: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "bad.csv"
    csv_file.write_text(
        "id,network,handle,owner,backup_owner,response_sla_hours,last_reviewed\n"
        "good-one,instagram,@good,ana-ruiz,javier-moreno,4,2026-11-01\n"
        "Bad Id,instagram,@x,ana-ruiz,javier-moreno,,\n"
        "net-wrong,myspace,@y,ana-ruiz,javier-moreno,,\n"
        'multi-line,tiktok,"@two\nlines",nobody,javier-moreno,,\n'
        "sla-wrong,x,@z,ana-ruiz,javier-moreno,soon,2026-13-01\n"
        "good-one,x,@again,ana-ruiz,javier-moreno,,\n",
        encoding="utf-8",
    )
    before = head(ws)
    result = CliRunner().invoke(main, ["import", "accounts", str(csv_file), str(ws)])
    assert result.exit_code == 1
    out = result.output
    name = str(csv_file)
    assert f"{name}:3 id:" in out
    assert f"{name}:4 network:" in out and "one of: facebook" in out
    assert f'{name}:5 owner: "nobody" is not an owner' in out  # the row starts on line 5
    assert f"{name}:7 response_sla_hours:" in out and f"{name}:7 last_reviewed:" in out
    assert f"{name}:8 id:" in out and "already on line 2" in out
    assert "nothing was imported" in out
    assert head(ws) == before and git(ws, "status", "--porcelain") == ""
    assert not (ws / "accounts" / "good-one.toml").exists()


def test_csv_with_unknown_column_is_refused(store: Store) -> None:
    with pytest.raises(ValidationFailed) as failed:
        import_accounts(store, "id,network,handle,colour\nx,x,@x,blue\n", "c.csv")
    assert [(p.line, p.field) for p in failed.value.problems] == [(1, "colour")]


def test_csv_keeps_user_text_verbatim(store: Store, ws: Path) -> None:
    columns = accounts_to_csv(store.data).splitlines()[0].split(",")
    row = dict.fromkeys(columns, "")
    row.update(
        id="nasty",
        network="other",
        handle="@nasty",
        owner="ana-ruiz",
        backup_owner="javier-moreno",
        purpose=NASTY,
        last_reviewed="2026-11-20",
    )
    buffer = io.StringIO()
    writer = csvmod.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerow([row[c] for c in columns])
    import_accounts(store, buffer.getvalue(), "n.csv")
    assert store.data.accounts["nasty"].purpose == NASTY
    rows, problems = parse_accounts_csv(accounts_to_csv(store.data), "again.csv")
    assert problems == []
    assert next(r for r in rows if r.id == "nasty").values["purpose"] == NASTY
