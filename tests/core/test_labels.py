"""One label per record field (``core.labels``): every field has its words, and forms, details,
lists and the handbook all take them from there."""

from __future__ import annotations

import ast
from pathlib import Path

import msgspec
import pytest

import smgov_tui
from smgov_tui.core import labels
from smgov_tui.core import records as r
from smgov_tui.i18n import translator
from smgov_tui.ui.present import detail, formspec

SRC = Path(smgov_tui.__file__).resolve().parent


def _record_types() -> list[type[r.Record]]:
    return [
        value
        for value in vars(r).values()
        if isinstance(value, type) and issubclass(value, r.Record) and value is not r.Record
    ]


def test_every_field_of_every_record_has_its_words() -> None:
    missing = [
        f"{record_type.__name__}.{info.name}"
        for record_type in _record_types()
        for info in msgspec.structs.fields(record_type)
        if info.name not in labels.FIELDS
    ]
    assert missing == [], "give each its words in FIELDS of src/smgov_tui/core/labels.py"


def test_every_record_specific_entry_names_a_real_field() -> None:
    for record_type, name in labels.IN_RECORD:
        assert name in {info.name for info in msgspec.structs.fields(record_type)}


def test_the_variants_fall_back_to_the_name() -> None:
    assert labels.label(r.Account, "last_reviewed") == "Last reviewed"
    assert labels.form_label(r.Account, "last_reviewed") == "Last reviewed (YYYY-MM-DD)"
    assert labels.column_label(r.Account, "last_reviewed") == "Reviewed"
    assert labels.column_label(r.Account, "handle") == "Handle"
    assert labels.heading(r.Account, "backup_owner") == "Backup"  # the column's word
    assert labels.heading(r.ManagementProtocol, "purpose") == "Why we are on social media"
    assert labels.heading(r.Account, "purpose") == "Purpose"
    assert labels.item_label("steps") == "step"
    assert labels.item_label("notes") == "item"
    assert labels.label(None, "not_a_field") == "not_a_field"


def test_forms_details_and_lists_use_the_same_words(spanish: None) -> None:
    account = {spec.name: spec for spec in formspec.specs_for(r.Account)}
    assert account["backup_owner"].label == labels.form_label(r.Account, "backup_owner")
    assert account["backup_owner"].label == "Responsable suplente"
    assert detail.label_of("backup_owner") == labels.label(r.Account, "backup_owner")
    steps = {spec.name: spec for spec in formspec.specs_for(r.Playbook)}["steps"]
    assert steps.item_label == labels.item_label("steps") == "paso"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Topics we never post or answer about"), ("es", "Temas de los que nunca publicamos")],
)
def test_the_handbook_heading_speaks_the_language_asked(language: str, expected: str) -> None:
    tr = translator(language, "handbook")
    assert labels.heading(r.CommunicationProtocol, "banned_topics", tr).startswith(expected)


def _is_text(node: ast.expr) -> bool:
    """A literal text or a ``_("literal")``: what a table of labels holds."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_":
        return True
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def test_no_module_keeps_its_own_table_of_field_labels() -> None:
    """The words of a field live in core/labels.py only: no other module maps field keys to
    labels (the dictionaries of formspec, detail and the handbook are gone)."""
    field_keys = set(labels.FIELDS)
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.name == "labels.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                labelled = keys & field_keys
                if len(labelled) >= 5 and all(_is_text(v) for v in node.values):
                    offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert offenders == []
