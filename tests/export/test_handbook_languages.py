"""The handbook says the same words in English and in Spanish whatever the interface speaks.

Each case (both samples, and a sparse workspace that reaches the "nothing here" sentences and a
withheld secret) is rendered in both languages (in Markdown; the sparse one in HTML too: both
formats are rendered from the same blocks) and compared with the text kept
in ``tests/data/handbook/``. Those files were written by the handbook code of before its texts
moved into the gettext catalogue, so a label that changes by accident shows up here.

To write them again after a deliberate change of wording::

    python tests/export/test_handbook_languages.py
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest

from smgov_tui.core.model import WorkspaceData
from smgov_tui.export.handbook import FORMATS, render
from smgov_tui.i18n import current_language, set_language
from smgov_tui.store.loader import load_workspace

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = ROOT / "tests" / "data" / "handbook"
TODAY = dt.date(2026, 1, 15)
LANGUAGES = ("en", "es")
STRIPE = "sk_" + "live_" + "4eC39HqLyjWDarjtT1zdp7dc"

SPARSE = {
    "workspace.toml": 'organisation = "Sparse & Co"\n',
    "accounts/x-sparse.toml": (
        'network = "x"\nhandle = "@sparse"\nstatus = "paused"\n'
        f'backup_owner = "nobody"\npurpose = "{STRIPE}"\n'
    ),
    "accounts/blog-sparse.toml": (
        'network = "blog"\nhandle = "sparse.example"\nstatus = "archived"\n'
        'department = "Web"\nowner = "ana"\n'
    ),
    "owners/ana.toml": 'name = "Ana"\n',
    "protocols/management.toml": "review_cadence_days = 30\n",
}


def _sparse(root: Path) -> Path:
    for rel, text in SPARSE.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _in(data: WorkspaceData, language: str) -> WorkspaceData:
    """``data`` with its workspace language set to ``language``."""
    assert data.meta is not None
    data.meta = msgspec.structs.replace(data.meta, language=language)  # type: ignore[arg-type]
    return data


def cases(scratch: Path) -> Iterator[tuple[str, WorkspaceData]]:
    """(file stem, data) for every case, the workspace language already chosen."""
    sources = {
        "sample-en": ROOT / "workspace_template" / "en",
        "sample-es": ROOT / "workspace_template" / "es",
        "sparse": _sparse(scratch / "sparse"),
    }
    for name, root in sources.items():
        for language in LANGUAGES:
            yield f"{name}.{language}", _in(load_workspace(root), language)


def render_all(scratch: Path) -> dict[str, str]:
    """Every rendered handbook by file name, each with the interface in the other language
    (the handbook speaks the workspace's language, never the interface's)."""
    before = current_language()
    out: dict[str, str] = {}
    try:
        for stem, data in cases(scratch):
            assert data.meta is not None
            set_language("es" if data.meta.language == "en" else "en")
            for fmt in FORMATS:
                if fmt == "md" or stem.startswith("sparse"):
                    out[f"{stem}.{fmt}"] = render(data, fmt, TODAY)
    finally:
        set_language(before)
    return out


RENDERED: dict[str, str] = {}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    if not RENDERED:
        RENDERED.update(render_all(tmp_path_factory.mktemp("handbooks")))
    return RENDERED


@pytest.mark.parametrize(
    "name",
    [
        f"{case}.{language}.{fmt}"
        for case in ("sample-en", "sample-es", "sparse")
        for language in LANGUAGES
        for fmt in FORMATS
        if fmt == "md" or case == "sparse"  # the HTML says what the Markdown says
    ],
)
def test_the_handbook_text_is_unchanged(rendered: dict[str, str], name: str) -> None:
    expected = (EXPECTED / name).read_text(encoding="utf-8")
    assert rendered[name] == expected


def test_the_sparse_cases_reach_the_empty_sentences(rendered: dict[str, str]) -> None:
    """The sparse workspace really exercises the texts the samples never show."""
    english, spanish = rendered["sparse.en.md"], rendered["sparse.es.md"]
    for text in ("No objectives written yet.", "No department", "not set", "None."):
        assert text in english
    assert "\\[withheld: looks like a secret\\]" in english and STRIPE not in english
    for text in ("Todavía no hay objetivos escritos.", "Sin departamento", "sin indicar"):
        assert text in spanish
    assert "\\[omitido: parece un secreto\\]" in spanish and STRIPE not in spanish


if __name__ == "__main__":
    import tempfile

    EXPECTED.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        for file_name, text in render_all(Path(scratch)).items():
            (EXPECTED / file_name).write_text(text, encoding="utf-8")
            print(f"wrote {(EXPECTED / file_name).relative_to(ROOT)}")
