"""``smgov digest``: what changed in the plan, on real repositories changed through the store
and by plain git, with renames and a rebase in between."""

from __future__ import annotations

import hashlib
import html
from pathlib import Path

import pytest
from click.testing import CliRunner

from smgov_tui.cli import main
from smgov_tui.core import kinds as k
from smgov_tui.store.errors import StoreError
from smgov_tui.store.incidents import Incidents
from smgov_tui.store.store import Store
from tests.helpers.git import git


def fingerprint(root: Path) -> dict[str, tuple[int, str]]:
    """Every file under ``root`` (its .git included) with its mtime and content hash."""
    return {
        str(path.relative_to(root)): (
            path.stat().st_mtime_ns,
            hashlib.sha256(path.read_bytes()).hexdigest(),
        )
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def digest(ws: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["digest", str(ws), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def edit(ws: Path, rel: str, old: str, new: str) -> None:
    path = ws / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit(ws: Path, message: str) -> None:
    git(ws, "add", "-A")
    git(ws, "commit", "-q", "-m", message)


def head(ws: Path) -> str:
    return git(ws, "rev-parse", "HEAD").strip()


def test_changes_made_through_the_store_and_by_plain_git(ws: Path) -> None:
    start = head(ws)
    store = Store.open(ws)
    store.load()
    entry = store.data.entry(k.ACCOUNTS, "x-olmedo")
    assert entry is not None
    store.save(k.ACCOUNTS, "x-olmedo", {**entry.raw, "owner": "ana-ruiz"}, entry.text)
    # by plain git: one account archived, one person leaves, one joins, a protocol field
    edit(ws, "accounts/pinterest-recetas.toml", 'status = "active"', 'status = "archived"')
    edit(ws, "owners/raul-santos.toml", "active = true", "active = false")
    (ws / "owners" / "nuria-prieto.toml").write_text(
        'name = "Nuria Prieto"\nrole = "community-manager"\n', encoding="utf-8"
    )
    edit(ws, "protocols/communication.toml", "hashtags = [", 'hashtags = ["#Nuevo", ')
    commit(ws, "by hand")
    out = digest(ws, "--since", start)
    assert "New owner of @OlmedoOficial (x, x-olmedo): Ana Ruiz" in out
    assert "(was Sofía Navarro Prieto)" in out
    assert "Archived: olmedorecetas (pinterest, pinterest-recetas)." in out
    assert "Left: Raúl Santos Ibáñez." in out
    assert "Joined: Nuria Prieto, Community manager." in out
    assert "Communication protocol: changed Hashtags." in out
    assert "Commits in between: 2, by " in out


def test_a_renamed_account_is_one_account_not_one_gone_and_one_new(ws: Path) -> None:
    start = head(ws)
    git(ws, "mv", "accounts/x-olmedo.toml", "accounts/x-corporate.toml")
    commit(ws, "rename by hand")
    store = Store.open(ws)
    store.load()
    store.rename(k.ACCOUNTS, "tiktok-olmedo", "tiktok-main")
    out = digest(ws, "--since", start)
    assert "Renamed: x-olmedo is now @OlmedoOficial (x, x-corporate)." in out
    assert "Renamed: tiktok-olmedo is now" in out
    assert "Added:" not in out and "Removed" not in out
    # the calendar names the old ids: new findings, said as such
    assert "New findings (" in out


def test_a_rebase_in_between_still_compares_the_two_trees(ws: Path) -> None:
    git(ws, "switch", "-q", "-c", "local")
    edit(ws, "accounts/x-olmedo.toml", 'status = "active"', 'status = "paused"')
    commit(ws, "pause x")
    before_rebase = head(ws)
    edit(ws, "accounts/tiktok-olmedo.toml", 'status = "active"', 'status = "archived"')
    commit(ws, "archive tiktok")
    git(ws, "switch", "-q", "main")
    edit(ws, "owners/raul-santos.toml", "active = true", "active = false")
    commit(ws, "raul left")
    git(ws, "switch", "-q", "local")
    git(ws, "rebase", "-q", "main")
    # before_rebase is no longer in HEAD's history: its tree is still what was there
    assert git(ws, "branch", "--contains", before_rebase) == ""
    out = digest(ws, "--since", before_rebase)
    assert "Archived: @olmedo.ultramarinos (tiktok, tiktok-olmedo)." in out
    assert "Left: Raúl Santos Ibáñez." in out
    assert "paused" not in out  # paused before the start, still paused
    # the commits counted are those since the lines parted: the two rebased and raul's
    assert "Commits in between: 3" in out


def test_since_a_date_before_the_history_tells_the_whole_plan(ws: Path) -> None:
    assert digest(ws, "--since", "1900-01-01") == digest(ws, "--since", "2000-01-01")
    out = digest(ws, "--since", "2000-01-01")
    assert out.startswith("What changed: ")
    assert "From the start of the plan's history" in out
    assert "Added: @OlmedoOficial (x, x-olmedo), owned by Sofía Navarro Prieto." in out
    assert "New playbook: “Viral complaint”." in out
    assert "first response after" in out and "closed 20" in out


def test_nothing_changed(ws: Path) -> None:
    out = digest(ws, "--since", "HEAD")
    assert "Nothing in the plan changed in this time." in out


def test_a_bad_since_is_one_sentence(ws: Path) -> None:
    for since in ("no-such-rev", "--all", "2026-02-30x"):
        result = CliRunner().invoke(main, ["digest", str(ws), "--since", since])
        assert result.exit_code == 2
        assert "is neither a date (YYYY-MM-DD) nor a commit" in result.stderr
        assert "Traceback" not in result.output


def test_the_digest_writes_nothing(ws: Path, tmp_path: Path) -> None:
    edit(ws, "owners/raul-santos.toml", "active = true", "active = false")
    commit(ws, "raul left")
    before = fingerprint(ws)
    for fmt in ("text", "md", "html"):
        digest(ws, "--since", "HEAD~1", "--format", fmt)
    assert fingerprint(ws) == before
    target = tmp_path / "digest.html"
    result = CliRunner().invoke(
        main, ["digest", str(ws), "--since", "HEAD~1", "--format", "html", "-o", str(target)]
    )
    assert result.exit_code == 0
    assert "<li>Left: Raúl Santos Ibáñez.</li>" in target.read_text(encoding="utf-8")
    assert fingerprint(ws) == before


HOSTILE = "<script>alert(1)</script> [x](javascript:alert(1)) *bold*"


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_teammates_words_are_escaped(ws: Path, fmt: str) -> None:
    start = head(ws)
    (ws / "owners" / "eve.toml").write_text(f'name = "{HOSTILE}"\n', encoding="utf-8")
    commit(ws, "eve")
    out = digest(ws, "--since", start, "--format", fmt)
    if fmt == "html":
        assert "<script>alert" not in out and html.escape(HOSTILE) in out
    else:
        assert "](javascript:" not in out
        assert "\\<script>" in out and "\\*bold\\*" in out and "\\[x\\]" in out


def test_the_digest_speaks_the_workspaces_language(ws: Path) -> None:
    start = head(ws)
    edit(ws, "workspace.toml", 'language = "en"', 'language = "es"')
    edit(ws, "owners/raul-santos.toml", "active = true", "active = false")
    commit(ws, "en español")
    out = digest(ws, "--since", start)
    assert out.startswith("Qué ha cambiado: ")
    assert "Se ha ido: Raúl Santos Ibáñez." in out
    # the findings quoted from the checks too, though the person's interface speaks English
    assert "Hallazgos nuevos" in out
    assert "inactive" not in out.split("Hallazgos nuevos", 1)[1]


def test_an_incident_opened_and_closed_in_between_with_its_first_response(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = head(ws)
    monkeypatch.setenv("SMGOV_NOW", "2027-01-10T10:00:00+01:00")
    store = Store.open(ws)
    store.load()
    incidents = Incidents(store)
    current = incidents.create("hacked-account", "high", title="Posts nobody wrote")
    out = digest(ws, "--since", start)
    assert "“Posts nobody wrote” (Hacked account): opened 2027-01-10" in out
    assert "no first response logged, still open." in out
    monkeypatch.setenv("SMGOV_NOW", "2027-01-10T10:20:00+01:00")
    while "first response after" not in digest(ws, "--since", start):
        try:
            current = incidents.act(current, "done")
        except StoreError:  # a step that needs a checklist: skipped, with its reason
            current = incidents.act(current, "skipped", "not in this test")
    monkeypatch.setenv("SMGOV_NOW", "2027-01-11T09:00:00+01:00")
    incidents.close(current, "Back in control", "Use a hardware key")
    out = digest(ws, "--since", start)
    assert (
        "“Posts nobody wrote” (Hacked account): opened 2027-01-10, first response after 20 min, "
        "closed 2027-01-11." in out
    )


def test_since_a_date_names_the_commit_it_starts_from(ws: Path) -> None:
    edit(ws, "owners/raul-santos.toml", "active = true", "active = false")
    git(ws, "add", "-A")
    name = ["-c", "user.name=Plain Git", "-c", "user.email=plain@example.org"]
    git(ws, *name, "commit", "-q", "-m", "raul left")
    today = git(ws, "log", "-1", "--format=%cs").strip()
    # every commit is from today: since a later day, the start is HEAD and nothing changed
    out = digest(ws, "--since", "2999-01-01")
    assert f"From 2999-01-01 to {today}: the plan as it was at commit {head(ws)[:7]}" in out
    assert "Nothing in the plan changed in this time." in out
    # since today, the history starts after it: the whole plan, by everyone who committed
    out = digest(ws, "--since", today)
    assert "From the start of the plan's history" in out
    assert "Plain Git (1)" in out and "Left: Raúl Santos Ibáñez." not in out


SECRET = "AI" + "za" + "SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY"  # a Google API key's shape


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_a_secret_in_a_finding_is_withheld_and_counted(ws: Path, fmt: str) -> None:
    start = head(ws)
    edit(ws, "accounts/x-olmedo.toml", 'owner = "sofia-navarro"', f'owner = "{SECRET}"')
    commit(ws, "a key pasted into the owner")
    result = CliRunner().invoke(main, ["digest", str(ws), "--since", start, "--format", fmt])
    assert result.exit_code == 0, result.output
    assert SECRET not in result.stdout
    assert "withheld: looks like a secret" in result.stdout
    assert "1 value was left out because it looks like a secret" in result.stderr
