"""WorkspaceData.records is cached until the entries of the kind change, and never stale."""

from __future__ import annotations

from smgov_tui.core import kinds as k
from smgov_tui.core import records as r
from smgov_tui.core.model import Entry, WorkspaceData


def owner(record_id: str, name: str | None) -> Entry[r.Owner]:
    record = r.Owner(name=name) if name is not None else None
    return Entry(k.OWNERS, record_id, f"owners/{record_id}.toml", "", {}, record)


def test_records_follow_every_change_of_the_entries() -> None:
    data = WorkspaceData()
    by_id = data.entries[k.OWNERS.name]
    by_id["ana"] = owner("ana", "Ana")
    assert list(data.owners) == ["ana"]
    assert data.owners is data.owners  # cached while nothing changes

    by_id["ana"] = owner("ana", "Ana Ruiz")
    assert data.owners["ana"].name == "Ana Ruiz"
    by_id["luis"] = owner("luis", None)  # an invalid file is left out
    assert list(data.owners) == ["ana"]
    by_id.pop("ana")
    assert data.owners == {}
    by_id.update({"bea": owner("bea", "Bea")})
    assert list(data.owners) == ["bea"]
    del by_id["bea"]
    assert data.owners == {}
    by_id.setdefault("eva", owner("eva", "Eva"))
    assert list(data.owners) == ["eva"]
    by_id.clear()
    assert data.owners == {}


def test_a_plain_dict_put_in_place_of_the_entries_is_not_cached() -> None:
    data = WorkspaceData()
    plain: dict[str, Entry[r.Owner]] = {"ana": owner("ana", "Ana")}
    data.entries[k.OWNERS.name] = plain  # type: ignore[assignment]
    assert list(data.owners) == ["ana"]
    plain["luis"] = owner("luis", "Luis")
    assert sorted(data.owners) == ["ana", "luis"]
