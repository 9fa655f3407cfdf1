"""A file made by smgov opens with the same explanatory comments as the sample's files."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from smgov_tui.core import kinds as k
from smgov_tui.store.importer import import_accounts
from smgov_tui.store.store import Store
from smgov_tui.store.template import init_workspace
from tests.helpers.git import AUTHOR, git


def comments(path: Path) -> list[str]:
    """The leading ``#`` lines of a file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines[: next(i for i, line in enumerate(lines) if not line.startswith("#"))]


def test_a_new_record_of_every_kind_gets_the_sample_s_comments(store: Store, ws: Path) -> None:
    values = {
        k.ACCOUNTS: {
            "network": "x",
            "handle": "@nueva",
            "owner": "ana-ruiz",
            "backup_owner": "javier-moreno",
        },
        k.OWNERS: {"name": "Nora Gil", "email": "nora@example.org"},
        k.CONTACTS: {"name": "Gestoría", "kind": "legal", "phone": "+34 600 000 000"},
    }
    for kind, fields in values.items():
        store.create(kind, "new-one", fields)
        written = ws / kind.path_for("new-one")
        sample = sorted((ws / kind.folder).glob("*.toml"))[0]
        assert comments(written) == comments(sample), kind.name
        assert comments(written)[0].startswith("#:schema ")
        assert tomllib.loads(written.read_text(encoding="utf-8"))[
            "name" if kind is not k.ACCOUNTS else "handle"
        ]
        assert git(ws, "status", "--porcelain") == ""


def test_an_imported_account_gets_them_too(store: Store, ws: Path) -> None:
    import_accounts(
        store,
        "id,network,handle,owner,backup_owner\nx-sheet,x,@s,ana-ruiz,javier-moreno\n",
        "s.csv",
    )
    sample = comments(ws / "accounts" / "instagram-olmedo.toml")
    assert comments(ws / "accounts" / "x-sheet.toml") == sample


def test_a_spanish_workspace_gets_them_in_spanish(tmp_path: Path) -> None:
    root = tmp_path / "es"
    init_workspace(root, "es", AUTHOR, today=dt.date(2026, 11, 22))
    store = Store.open(root)
    store.load()
    store.create(k.OWNERS, "nora-gil", {"name": "Nora Gil", "email": "nora@example.org"})
    written = comments(root / "owners" / "nora-gil.toml")
    assert written == comments(sorted((root / "owners").glob("*.toml"))[0])
    assert any("nombre del archivo" in line for line in written)
