"""The store on real files and real git repositories."""

from __future__ import annotations

import os
import stat
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from smgov_tui.core import kinds as k
from smgov_tui.store.atomic import atomic_write
from smgov_tui.store.author import resolve_author
from smgov_tui.store.errors import (
    AuthorMissing,
    ConflictError,
    GitError,
    NotAWorkspace,
    UnsafePath,
    ValidationFailed,
)
from smgov_tui.store.git import Author, Git
from smgov_tui.store.store import ReferencedError, SaveResult, Store
from tests.helpers.git import git
from tests.helpers.store import opened

MakeWs = Callable[..., Path]


def edit_account(store: Store, **changes: object) -> None:
    entry = store.data.entry(k.ACCOUNTS, "ig-shop")
    assert entry is not None
    store.save(k.ACCOUNTS, "ig-shop", {**entry.raw, **changes}, entry.text)


def commit_count(root: Path) -> int:
    return int(git(root, "rev-list", "--count", "HEAD"))


# --- round trip ---------------------------------------------------------------------------


def test_edit_keeps_comments_and_changes_one_line(make_ws: MakeWs) -> None:
    root = make_ws()
    store = opened(root)
    edit_account(store, owner="luis-gomez", backup_owner="ana-ruiz")
    text = (root / "accounts/ig-shop.toml").read_text(encoding="utf-8")
    assert "# The shop's Instagram" in text
    assert 'network = "instagram"  # where' in text
    diff = git(root, "show", "--format=", "--unified=0", "HEAD")
    changed = [
        line
        for line in diff.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed == [
        '-owner = "ana-ruiz"',
        '-backup_owner = "luis-gomez"',
        '+owner = "luis-gomez"',
        '+backup_owner = "ana-ruiz"',
    ]


def test_one_field_change_is_one_line_and_one_commit(make_ws: MakeWs) -> None:
    root = make_ws()
    store = opened(root)
    before = commit_count(root)
    edit_account(store, handle="@shop_es")
    assert commit_count(root) == before + 1
    stat_line = git(root, "show", "--numstat", "--format=", "HEAD").split()
    assert stat_line[:3] == ["1", "1", "accounts/ig-shop.toml"]
    log = git(root, "log", "-1", "--format=%an <%ae>|%s")
    assert log.strip() == "Bea Soto <bea@example.org>|accounts: set handle of ig-shop to @shop_es"


def test_unknown_keys_survive_a_save(make_ws: MakeWs) -> None:
    text = (
        'network = "instagram"\nhandle = "@shop"\nowner = "ana-ruiz"\n'
        'backup_owner = "luis-gomez"\ncustom_kpi = "reach"\n'
    )
    root = make_ws({"accounts/ig-shop.toml": text})
    store = opened(root)
    entry = store.data.entry(k.ACCOUNTS, "ig-shop")
    assert entry is not None
    values = {key: v for key, v in entry.raw.items() if key != "custom_kpi"}
    values["custom_kpi"] = entry.raw["custom_kpi"]
    store.save(k.ACCOUNTS, "ig-shop", {**values, "purpose": "Sell"}, entry.text)
    assert 'custom_kpi = "reach"' in (root / "accounts/ig-shop.toml").read_text()


def test_nothing_changed_makes_no_commit(make_ws: MakeWs) -> None:
    root = make_ws()
    store = opened(root)
    before = commit_count(root)
    entry = store.data.entry(k.ACCOUNTS, "ig-shop")
    assert entry is not None
    result = store.save(k.ACCOUNTS, "ig-shop", dict(entry.raw), entry.text)
    assert result.committed is False
    assert commit_count(root) == before
    assert git(root, "status", "--porcelain") == ""


def test_invalid_data_is_never_written(make_ws: MakeWs) -> None:
    root = make_ws()
    store = opened(root)
    original = (root / "accounts/ig-shop.toml").read_text()
    before = commit_count(root)
    with pytest.raises(ValidationFailed) as caught:
        edit_account(store, network="myspace")
    assert "network" in str(caught.value)
    assert "one of: facebook" in str(caught.value)
    with pytest.raises(ValidationFailed, match="is not an owner"):
        edit_account(store, owner="nobody")
    assert (root / "accounts/ig-shop.toml").read_text() == original
    assert commit_count(root) == before


# --- atomic writes --------------------------------------------------------------------------


def test_atomic_write_replaces_whole_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "a.toml"
    target.write_text("old = 1\n")
    target.chmod(0o640)
    atomic_write(target, "new = 2\n")
    assert target.read_text() == "new = 2\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.toml"]


def test_atomic_write_failure_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "a.toml"
    target.write_text("old = 1\n")

    with pytest.raises(TypeError):
        atomic_write(target, 42)  # type: ignore[arg-type]
    assert target.read_text() == "old = 1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.toml"]


def test_readers_never_see_a_half_written_file(tmp_path: Path) -> None:
    target = tmp_path / "big.toml"
    small, large = "a = 1\n", "b = '" + "x" * 2_000_000 + "'\n"
    target.write_text(small)
    seen: set[int] = set()
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            seen.add(len(target.read_text()))

    thread = threading.Thread(target=reader)
    thread.start()
    for _ in range(15):
        atomic_write(target, large)
        atomic_write(target, small)
    stop.set()
    thread.join()
    assert seen <= {len(small), len(large)}


# --- lost updates ---------------------------------------------------------------------------


def test_save_refuses_when_the_file_changed_on_disk(make_ws: MakeWs) -> None:
    root = make_ws()
    store = opened(root)
    entry = store.data.entry(k.ACCOUNTS, "ig-shop")
    assert entry is not None
    path = root / "accounts/ig-shop.toml"
    path.write_text(entry.text.replace("@shop", "@someone_else"), encoding="utf-8")
    before = commit_count(root)
    with pytest.raises(ConflictError, match="changed on disk"):
        store.save(k.ACCOUNTS, "ig-shop", {**entry.raw, "purpose": "mine"}, entry.text)
    assert "@someone_else" in path.read_text()
    assert "mine" not in path.read_text()
    assert commit_count(root) == before


def test_create_refuses_an_existing_id(make_ws: MakeWs) -> None:
    root = make_ws()
    store = opened(root)
    with pytest.raises(ConflictError, match="already exists"):
        store.create(k.OWNERS, "ana-ruiz", {"name": "Another Ana"})
    assert "Another" not in (root / "owners/ana-ruiz.toml").read_text()


# --- authors --------------------------------------------------------------------------------


def test_author_precedence(make_ws: MakeWs, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_ws()
    g = Git.open(root)
    git(root, "config", "user.name", "Repo Person")
    git(root, "config", "user.email", "repo@example.org")
    assert resolve_author(g) == Author("Repo Person", "repo@example.org")
    monkeypatch.setenv("SMGOV_AUTHOR", "Env Person <env@example.org>")
    assert resolve_author(g) == Author("Env Person", "env@example.org")
    assert resolve_author(g, "Flag Person <flag@example.org>") == Author(
        "Flag Person", "flag@example.org"
    )


def test_commit_is_authored_by_the_resolved_author(
    make_ws: MakeWs, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_ws()
    monkeypatch.setenv("SMGOV_AUTHOR", "Env Person <env@example.org>")
    store = opened(root, author=None)
    edit_account(store, purpose="Sales")
    assert git(root, "log", "-1", "--format=%an|%ae|%cn").strip() == (
        "Env Person|env@example.org|Env Person"
    )


def test_no_author_gives_a_clear_error_and_no_change(
    make_ws: MakeWs, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = make_ws()
    empty = tmp_path / "empty-gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    store = opened(root, author=None)
    original = (root / "accounts/ig-shop.toml").read_text()
    with pytest.raises(AuthorMissing) as caught:
        edit_account(store, purpose="Sales")
    message = str(caught.value)
    assert "--author" in message and "SMGOV_AUTHOR" in message and "user.name" in message
    assert (root / "accounts/ig-shop.toml").read_text() == original


def test_a_malformed_author_is_refused() -> None:
    with pytest.raises(ValueError, match="Name <email>"):
        Author.parse("just a name")


# --- loading --------------------------------------------------------------------------------


def test_a_broken_file_does_not_stop_the_others(make_ws: MakeWs) -> None:
    root = make_ws(
        {
            "accounts/broken.toml": 'network = "x"\nhandle = "@b\n',
            "accounts/wrong-type.toml": 'network = "x"\nhandle = 7\n',
            "accounts/tw-shop.toml": 'network = "x"\nhandle = "@shop"\nowner = "ana-ruiz"\n'
            'backup_owner = "luis-gomez"\n',
        }
    )
    store = opened(root)
    assert set(store.data.accounts) == {"ig-shop", "tw-shop"}
    assert set(store.data.ids(k.ACCOUNTS)) == {"broken", "ig-shop", "tw-shop", "wrong-type"}
    messages = [str(p) for p in store.data.problems]
    assert any(m.startswith("accounts/broken.toml:2: is not valid TOML") for m in messages)
    assert "accounts/wrong-type.toml:2 handle: 7 is not valid; expected non-empty text" in messages


def test_symlink_out_of_the_workspace_is_refused(make_ws: MakeWs, tmp_path: Path) -> None:
    outside = tmp_path / "outside.toml"
    outside.write_text('name = "Secret person"\n')
    root = make_ws()
    (root / "owners" / "evil.toml").symlink_to(outside)
    store = opened(root)
    assert "evil" not in store.data.owners
    assert any(
        p.path == "owners/evil.toml" and "outside the workspace" in p.message
        for p in store.data.problems
    )
    with pytest.raises(UnsafePath, match="outside the workspace"):
        store.save(k.OWNERS, "evil", {"name": "Changed"}, 'name = "Secret person"\n')
    assert outside.read_text() == 'name = "Secret person"\n'


def test_symlinked_folder_out_of_the_workspace_is_refused(make_ws: MakeWs, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "x.toml").write_text('name = "X"\nkind = "legal"\n')
    root = make_ws({f"contacts/{name}.toml": None for name in ("legal", "ceo", "agency")})
    (root / "contacts").symlink_to(elsewhere, target_is_directory=True)
    store = opened(root)
    assert store.data.contacts == {}
    assert any(p.path == "contacts" and "outside" in p.message for p in store.data.problems)
    with pytest.raises(UnsafePath):
        store.create(k.CONTACTS, "new", {"name": "N", "kind": "legal"})
    assert sorted(p.name for p in elsewhere.iterdir()) == ["x.toml"]


def test_ids_that_are_not_slugs_are_refused(make_ws: MakeWs) -> None:
    store = opened(make_ws())
    for bad in ("../escape", "Ana", "a/b", ""):
        with pytest.raises(UnsafePath):
            store.create(k.OWNERS, bad, {"name": "X"})


def test_never_works_on_a_parent_repository(make_ws: MakeWs, tmp_path: Path) -> None:
    parent = make_ws()
    nested = parent / "nested"
    nested.mkdir()
    (nested / "workspace.toml").write_text('organisation = "Nested"\n')
    with pytest.raises(NotAWorkspace, match="git repository of its own"):
        Store.open(nested)
    # a .git that is not the top level (a plain folder named .git) is refused too
    (nested / ".git").mkdir()
    with pytest.raises((NotAWorkspace, GitError)):
        Store.open(nested)
    assert git(parent, "status", "--porcelain").strip() == "?? nested/"


def test_not_a_workspace_message(tmp_path: Path) -> None:
    with pytest.raises(NotAWorkspace, match="smgov init"):
        Store.open(tmp_path)


# --- create, duplicate, rename, delete, history, revert -------------------------------------


def test_create_duplicate_rename_delete(make_ws: MakeWs) -> None:
    root = make_ws()
    store = opened(root)
    store.create(k.OWNERS, "marta-paz", {"name": "Marta Paz", "role": "cm"})
    assert git(root, "log", "-1", "--format=%s").strip() == "owners: add marta-paz"
    store.duplicate(k.ACCOUNTS, "ig-shop", "ig-shop-2")
    assert (root / "accounts/ig-shop-2.toml").read_text() == (
        root / "accounts/ig-shop.toml"
    ).read_text()
    before = commit_count(root)
    store.rename(k.OWNERS, "ana-ruiz", "ana-ruiz-gil")
    assert commit_count(root) == before + 1
    assert git(root, "log", "-1", "--format=%s").strip() == (
        "owners: rename ana-ruiz to ana-ruiz-gil (3 references updated)"
    )
    assert 'owner = "ana-ruiz-gil"' in (root / "accounts/ig-shop.toml").read_text()
    assert 'owner = "ana-ruiz-gil"' in (root / "workspace.toml").read_text()  # the plan's owner
    assert not (root / "owners/ana-ruiz.toml").exists()
    assert "ana-ruiz-gil" in store.data.owners
    assert store.check() == [] or all(p.code != "dangling-reference" for p in store.check())
    with pytest.raises(ReferencedError, match="accounts/ig-shop"):
        store.delete(k.OWNERS, "ana-ruiz-gil")
    assert (root / "owners/ana-ruiz-gil.toml").exists()
    store.delete(k.OWNERS, "marta-paz")
    assert not (root / "owners/marta-paz.toml").exists()
    assert git(root, "log", "-1", "--format=%s").strip() == "owners: delete marta-paz"
    assert git(root, "status", "--porcelain") == ""


def test_history_and_revert(make_ws: MakeWs) -> None:
    root = make_ws()
    store = opened(root)
    edit_account(store, handle="@changed")
    history = store.history(k.ACCOUNTS, "ig-shop")
    assert [c.subject for c in history] == ["accounts: set handle of ig-shop to @changed", "init"]
    assert history[0].author == "Bea Soto"
    patch = store.diff(history[0].sha, "accounts/ig-shop.toml")
    assert '+handle = "@changed"' in patch
    subject = store.revert(history[0].sha)
    assert subject.startswith('Revert "accounts: set handle')
    assert 'handle = "@shop"' in (root / "accounts/ig-shop.toml").read_text()
    assert git(root, "log", "-1", "--format=%an").strip() == "Bea Soto"
    assert store.data.accounts["ig-shop"].handle == "@shop"


def test_a_hook_that_refuses_leaves_everything_as_it_was(make_ws: MakeWs) -> None:
    root = make_ws()
    hook = root / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'no commits today' >&2\nexit 1\n")
    hook.chmod(0o755)
    store = opened(root)
    original = (root / "accounts/ig-shop.toml").read_text()
    with pytest.raises(Exception, match="no commits today"):
        edit_account(store, purpose="Blocked")
    assert (root / "accounts/ig-shop.toml").read_text() == original
    assert git(root, "status", "--porcelain") == ""


def test_commits_honour_gitattributes_and_hooks(make_ws: MakeWs) -> None:
    root = make_ws()
    hook = root / ".git/hooks/commit-msg"
    hook.write_text('#!/bin/sh\necho "Signed-off-by: hook" >> "$1"\n')
    hook.chmod(0o755)
    store = opened(root)
    edit_account(store, purpose="Hooked")
    assert "Signed-off-by: hook" in git(root, "log", "-1", "--format=%B")


def test_git_is_serialised_across_threads(make_ws: MakeWs) -> None:
    root = make_ws()
    store = opened(root)
    names = [f"person-{i}" for i in range(6)]
    errors: list[BaseException] = []

    def create(name: str) -> None:
        try:
            store.create(k.OWNERS, name, {"name": name.title()})
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=create, args=(n,)) for n in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    log = git(root, "log", "--format=%s").splitlines()
    assert sorted(line for line in log if line.startswith("owners: add")) == sorted(
        f"owners: add {n}" for n in names
    )


def test_git_environment_does_not_leak_into_a_parent(make_ws: MakeWs) -> None:
    root = make_ws()
    env = {**os.environ, "GIT_DIR": "/nonexistent"}
    result = subprocess.run(
        ["git", "status"], cwd=root, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0  # the variable would break git...
    os.environ["GIT_DIR"] = "/nonexistent"
    try:
        store = opened(root)  # ...but the store clears it
        edit_account(store, purpose="Fine")
    finally:
        del os.environ["GIT_DIR"]
    assert "purpose" in git(root, "show", "HEAD")


def test_a_commit_message_names_changes_made_outside_and_not_yet_committed(
    make_ws: MakeWs,
) -> None:
    root = make_ws()
    path = root / "accounts/ig-shop.toml"
    path.write_text(path.read_text().replace('status = "active"', 'status = "paused"'))
    store = opened(root)  # loaded after the outside edit: the form's base is the dirty text
    edit_account(store, handle="@shop_es")
    subject = git(root, "log", "-1", "--format=%s").strip()
    assert subject == "accounts: update ig-shop (handle, status)"
    edit_account(store, handle="@shop_fr")  # clean again: one field, one line, exact message
    assert git(root, "log", "-1", "--format=%s").strip() == (
        "accounts: set handle of ig-shop to @shop_fr"
    )


def test_a_save_in_steps_holds_the_record_before_the_commit(
    make_ws: MakeWs,
) -> None:
    root = make_ws()
    store = opened(root)
    entry = store.data.entry(k.ACCOUNTS, "ig-shop")
    assert entry is not None
    head = git(root, "rev-parse", "HEAD")
    seen: list[tuple[str, str | None, bool, str]] = []

    def written(result: SaveResult) -> None:
        held = store.data.entry(k.ACCOUNTS, "ig-shop")
        seen.append(
            (
                git(root, "rev-parse", "HEAD"),
                result.entry.raw.get("purpose") if result.entry else None,
                held is result.entry,
                (root / "accounts/ig-shop.toml").read_text(),
            )
        )

    values = {**entry.raw, "purpose": "Sales"}
    with store.saving(k.ACCOUNTS, "ig-shop", values, entry.text) as result:
        written(result)  # the file is written and the store holds it; git has not committed

    [(head_then, purpose, held, text)] = seen
    assert (head_then, purpose, held) == (head, "Sales", True)
    assert 'purpose = "Sales"' in text
    assert git(root, "rev-parse", "HEAD") != head
    assert result.committed and result.entry is store.data.entry(k.ACCOUNTS, "ig-shop")


def test_when_the_commit_of_a_save_in_steps_fails_the_file_and_the_data_are_put_back(
    make_ws: MakeWs,
) -> None:
    root = make_ws()
    hook = root / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'no commits today' >&2\nexit 1\n")
    hook.chmod(0o755)
    store = opened(root)
    entry = store.data.entry(k.ACCOUNTS, "ig-shop")
    assert entry is not None
    told: list[SaveResult] = []
    with (
        pytest.raises(GitError, match="no commits today"),
        store.saving(
            k.ACCOUNTS, "ig-shop", {**entry.raw, "purpose": "Blocked"}, entry.text
        ) as written,
    ):
        told.append(written)
    assert [r.entry.raw.get("purpose") for r in told if r.entry] == ["Blocked"]
    assert (root / "accounts/ig-shop.toml").read_text() == entry.text
    back = store.data.entry(k.ACCOUNTS, "ig-shop")
    assert back is not None and back.raw == entry.raw
    assert git(root, "status", "--porcelain") == ""


def test_emptying_a_field_is_said_as_clearing_it(make_ws: MakeWs) -> None:
    root = make_ws()
    store = opened(root)
    edit_account(store, purpose="")
    assert git(root, "log", "-1", "--format=%s").strip() == "accounts: clear purpose of ig-shop"


def test_the_plan_names_its_owner_and_evangelists(make_ws: MakeWs) -> None:
    """workspace.toml's [plan] is a reference like an account's owner: a rename follows it in
    the same commit, and a delete of a person the plan names is refused."""
    root = make_ws()
    store = opened(root)
    assert ("workspace.toml", "plan.evangelists") in store.data.references_to(
        k.OWNERS, "luis-gomez"
    )
    store.rename(k.OWNERS, "luis-gomez", "luis-gomez-paz")
    text = (root / "workspace.toml").read_text()
    assert 'evangelists = ["luis-gomez-paz"]' in text and 'owner = "ana-ruiz"' in text
    assert "workspace.toml" in git(root, "show", "--name-only", "--format=", "HEAD").split()
    assert [p for p in store.check() if p.code == "dangling-reference"] == []
    with pytest.raises(ReferencedError, match=r"workspace\.toml \(plan\.evangelists\)"):
        store.delete(k.OWNERS, "luis-gomez-paz")
    assert git(root, "status", "--porcelain") == ""
