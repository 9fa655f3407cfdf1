"""JSON Schemas: generated from the records, shipped in the package, written into workspaces,
and the sample (both languages) validates against them."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from smgov_tui.core import kinds as k
from smgov_tui.core.schemas import SCHEMA_NAMES, schema_name, schema_texts
from smgov_tui.store.template import template_dir
from tests.helpers.git import git

PACKAGED = Path(__file__).resolve().parents[2] / "src" / "smgov_tui" / "schemas"
REPO = Path(__file__).resolve().parents[2]


def plain(value: Any) -> Any:
    """TOML values as JSON sees them: dates and times become ISO strings."""
    if isinstance(value, (dt.date, dt.time)):  # datetime is a date
        return value.isoformat()
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_texts()[f"{name}.schema.json"])
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def template_files(lang: str) -> list[tuple[Path, k.Kind]]:
    root = template_dir(lang)
    found = []
    for path in sorted(root.rglob("*.toml")):
        match = k.kind_for_path(path.relative_to(root).as_posix())
        assert match is not None, f"{path} is not a record file"
        found.append((path, match[0]))
    return found


def test_every_kind_has_a_schema() -> None:
    assert set(SCHEMA_NAMES.values()) == set(k.ALL_KINDS)
    assert sorted(schema_texts()) == sorted(f"{n}.schema.json" for n in SCHEMA_NAMES)


def test_packaged_schemas_are_up_to_date() -> None:
    shipped = {p.name: p.read_text(encoding="utf-8") for p in PACKAGED.glob("*.schema.json")}
    assert shipped == schema_texts(), (
        "regenerate: python -c 'from pathlib import Path; from smgov_tui.store.schemas import "
        'write_schemas; write_schemas(Path("src/smgov_tui/schemas"))\''
    )


def test_a_new_workspace_gets_the_schemas_in_its_first_commit(ws: Path) -> None:
    written = {p.name: p.read_text(encoding="utf-8") for p in (ws / "schemas").glob("*.json")}
    assert written == schema_texts()
    tracked = git(ws, "ls-files", "schemas").split()
    assert sorted(tracked) == sorted(f"schemas/{name}" for name in schema_texts())


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_sample_validates_against_the_schemas(lang: str) -> None:
    files = template_files(lang)
    assert {kind for _path, kind in files} == set(k.ALL_KINDS)
    for path, kind in files:
        data = plain(tomllib.loads(path.read_text(encoding="utf-8")))
        errors = [
            f"{path.name}: {'.'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator(schema_name(kind)).iter_errors(data)
        ]
        assert errors == []


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_sample_points_each_file_to_its_schema(lang: str, tmp_path: Path) -> None:
    root = template_dir(lang)
    for path, kind in template_files(lang):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("#:schema "), path
        target = (path.parent / first.removeprefix("#:schema ").strip()).resolve()
        relative = target.relative_to(root.resolve()).as_posix()
        assert relative == f"schemas/{schema_name(kind)}.schema.json", path


@pytest.mark.parametrize(
    ("name", "data", "where"),
    [
        ("account", {"network": "myspace", "handle": "@x"}, "network"),
        ("account", {"network": "x"}, ""),  # handle is required
        ("owner", {"name": "A", "working_hours": {"start": "25:00"}}, "working_hours"),
        ("contact", {"name": "A", "kind": "legal", "escalation_level": 0}, "escalation_level"),
        ("playbook", {"title": "T", "steps": [{"id": "Not A Slug", "title": "x"}]}, "steps.0.id"),
        (
            "account",
            {"network": "x", "handle": "@x", "last_reviewed": "yesterday"},
            "last_reviewed",
        ),
    ],
)
def test_the_schemas_reject_bad_files(name: str, data: dict[str, Any], where: str) -> None:
    errors = list(validator(name).iter_errors(data))
    assert errors, f"{name} accepted {data}"
    assert any(".".join(map(str, e.absolute_path)) == where for e in errors)


def test_pre_commit_hook_runs_smgov_check() -> None:
    text = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "- id: smgov-check" in text
    assert "entry: smgov check" in text
    assert "pass_filenames: false" in text
