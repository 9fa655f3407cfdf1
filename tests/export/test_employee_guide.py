"""The employee guide (``smgov export --audience employees``): the guidelines, the approved
phrases, the official hashtags and what to do on seeing a crisis, in the workspace's language."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from click.testing import CliRunner

from smgov_tui.cli import main
from tests.helpers.git import git


def export(ws: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["export", str(ws), "--audience", "employees", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_guide_says_what_an_employee_needs_and_no_more(ws: Path) -> None:
    out = export(ws)
    assert out.startswith("# Ultramarinos Olmedo, S.L. — Social media guide for employees")
    for heading in (
        "## Guidelines for employees",
        "## Approved phrases",
        "## Official hashtags",
        "## If you see a crisis",
        "### What counts as a crisis",
        "### Whom to tell",
    ):
        assert heading in out
    assert "- #UltramarinosOlmedo" in out
    assert "| @OlmedoOficial (x) | Sofía Navarro Prieto (+34 617 93 40 25" in out
    # the handbook's other parts are not in the guide
    assert "Management protocol" not in out and "Crisis contacts" not in out


def test_html_is_one_self_contained_page(ws: Path) -> None:
    out = export(ws, "--format", "html")
    assert out.startswith("<!DOCTYPE html>") and '<html lang="en">' in out
    assert "<script" not in out and "http://" not in out.split("<body>")[0]
    assert '<h2 id="crisis">If you see a crisis</h2>' in out


def test_the_guide_speaks_the_workspaces_language(ws: Path) -> None:
    path = ws / "workspace.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('language = "en"', 'language = "es"'))
    out = export(ws)
    assert "Guía de redes sociales para empleados" in out
    assert "## Si ves una crisis" in out


HOSTILE = "<img src=x onerror=alert(1)> [x](javascript:alert(1))"
SECRET = "AI" + "za" + "SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY"  # a Google API key's shape


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_teammates_words_are_escaped_and_secrets_left_out(ws: Path, fmt: str) -> None:
    path = ws / "protocols" / "communication.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("hashtags = [", f'hashtags = ["{HOSTILE}", "{SECRET}", ')
    path.write_text(text, encoding="utf-8")
    git(ws, "commit", "-q", "-am", "hostile")
    result = CliRunner().invoke(
        main, ["export", str(ws), "--audience", "employees", "--format", fmt]
    )
    assert result.exit_code == 0
    out = result.stdout
    assert SECRET not in out and "withheld: looks like a secret" in out
    assert "1 value was left out" in result.stderr
    if fmt == "html":
        assert "<img" not in out and html.escape(HOSTILE) in out
    else:
        assert "\\<img" in out and "](javascript:" not in out


def test_the_audience_is_for_the_handbook_only(ws: Path) -> None:
    result = CliRunner().invoke(main, ["export", "accounts", str(ws), "--audience", "employees"])
    assert result.exit_code == 2
    assert "--audience is for the handbook, not the accounts" in result.output
