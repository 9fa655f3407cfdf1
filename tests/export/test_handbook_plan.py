"""The handbook's "Plan ownership" section: who owns, champions and approved the plan, read
from real files, in the workspace's language, every value escaped like the rest."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from smgov_tui.export.handbook import render
from smgov_tui.store.loader import load_workspace

TODAY = dt.date(2026, 11, 22)
NASTY = "<script>alert(1)</script> **bold** [x](javascript:alert(1)) | pipe"

FILES = {
    "workspace.toml": (
        'organisation = "Shop"\nlanguage = "{lang}"\n\n[plan]\ndepartments = ["all"]\n'
        'owner = "ana"\nevangelists = ["ben", "ghost"]\n'
        f"approved_by = '{NASTY}'\napproved_on = 2026-01-10\nnext_review = 2026-11-01\n"
    ),
    "owners/ana.toml": 'name = "Ana <b>Ruiz</b>"\n',
    "owners/ben.toml": 'name = "Ben"\nactive = false\n',
}


def _workspace(root: Path, lang: str) -> Path:
    for rel, text in FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("{lang}", lang), encoding="utf-8")
    return root


def test_the_plan_section_in_markdown(tmp_path: Path) -> None:
    text = render(load_workspace(_workspace(tmp_path, "en")), "md", TODAY)
    section = text[text.index("## Plan ownership") : text.index("## Who owns what")]
    assert "- Plan owner: Ana \\<b>Ruiz\\</b>\n" in section  # shown, never taken as HTML
    assert "- Evangelists: Ben (inactive), ghost\n" in section
    assert "- Owning departments: All departments\n" in section
    assert "2026-11-01 (overdue)" in section
    assert re.search(r"(?<!\\)<", section) is None
    assert "\\*\\*bold\\*\\*" in section and "| pipe" in section
    assert "2. Plan ownership" in text  # in the contents


def test_the_plan_section_in_html_is_escaped(tmp_path: Path) -> None:
    text = render(load_workspace(_workspace(tmp_path, "en")), "html", TODAY)
    assert '<h2 id="plan">Plan ownership</h2>' in text
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "Ana &lt;b&gt;Ruiz&lt;/b&gt;" in text


def test_the_plan_section_speaks_the_workspace_language(tmp_path: Path) -> None:
    text = render(load_workspace(_workspace(tmp_path, "es")), "md", TODAY)
    section = text[text.index("## Titularidad del plan") : text.index("## Quién se ocupa de qué")]
    assert "- Departamentos responsables: Todos los departamentos\n" in section
    assert "- Evangelizadores: Ben (inactivo), ghost\n" in section
    assert "2026-11-01 (vencida)" in section and ", el 2026-01-10\n" in section


def test_without_a_plan_the_section_says_so(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "workspace.toml").write_text('organisation = "Shop"\n', encoding="utf-8")
    text = render(load_workspace(root), "md", TODAY)
    assert "## Plan ownership\n\nNobody owns the plan yet.\n" in text
