"""List fields of an account (``required_hashtags``, ``languages``) in the accounts CSV: one
cell, items separated by commas, read back as the same list."""

from __future__ import annotations

from smgov_tui.core import records as r
from smgov_tui.core.model import WorkspaceData
from smgov_tui.export.accounts_csv import accounts_to_csv, cell, parse_accounts_csv


def test_a_list_is_one_cell_and_reads_back_as_the_same_list() -> None:
    assert cell(["#RecetasOlmedo", "#Olmedo"]) == "#RecetasOlmedo, #Olmedo"
    assert cell([]) == ""
    assert cell(["=HYPERLINK(1)"]).startswith("'")  # a formula is still quoted
    header = "id,network,handle,required_hashtags,languages\n"
    rows, problems = parse_accounts_csv(
        header + 'x-a,x,@a,"#RecetasOlmedo,  #Olmedo ,",es\nx-b,x,@b,,\n', "a.csv"
    )
    assert problems == []
    assert rows[0].values["required_hashtags"] == ["#RecetasOlmedo", "#Olmedo"]
    assert rows[0].values["languages"] == ["es"]
    assert rows[1].values["required_hashtags"] is None  # empty: the default, no hashtags


def test_export_then_parse_keeps_the_lists() -> None:
    from smgov_tui.core import kinds as k
    from smgov_tui.core.model import Entry

    data = WorkspaceData()
    account = r.Account(network="x", handle="@a", required_hashtags=["#A", "#B"], languages=["es"])
    data.entries[k.ACCOUNTS.name]["x-a"] = Entry(
        k.ACCOUNTS, "x-a", "accounts/x-a.toml", "", {}, account
    )
    rows, problems = parse_accounts_csv(accounts_to_csv(data), "a.csv")
    assert problems == []
    assert rows[0].values["required_hashtags"] == ["#A", "#B"]
    assert rows[0].values["languages"] == ["es"]
