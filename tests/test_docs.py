"""The format documentation names every field of every record."""

from __future__ import annotations

from pathlib import Path

import msgspec

from smgov_tui.core import records as r
from smgov_tui.core.validate import record_fields

DOC = Path(__file__).resolve().parents[1] / "docs" / "workspace.md"


def test_every_record_field_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    record_types = [
        cls
        for cls in vars(r).values()
        if isinstance(cls, type) and issubclass(cls, msgspec.Struct) and cls is not r.Record
    ]
    assert len(record_types) >= 15
    missing = [
        f"{cls.__name__}.{name}"
        for cls in record_types
        for name in record_fields(cls)
        if f"| `{name}` |" not in text
    ]
    assert missing == []


def test_every_field_has_a_description() -> None:
    for cls in (r.Account, r.Owner, r.Contact, r.Playbook, r.Step, r.Incident, r.LogEntry):
        schema = msgspec.json.schema(cls)
        props = schema["$defs"][cls.__name__]["properties"]
        undocumented = [name for name, prop in props.items() if "description" not in prop]
        assert undocumented == [], cls.__name__
