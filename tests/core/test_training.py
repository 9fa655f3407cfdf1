"""Who is due for training (core/training.py), on real files: the answer Health shows."""

from __future__ import annotations

from pathlib import Path

from smgov_tui.core.stats import health_summary
from smgov_tui.core.training import training_due
from smgov_tui.store.loader import load_workspace
from tests.helpers.health import BASE, TODAY

MGMT = BASE["protocols/management.toml"].replace(
    'title = "CM"\n', 'title = "CM"\ntraining_topics = ["crisis mode"]\ntraining_every_days = 30\n'
)


def _workspace(root: Path, **files: str) -> Path:
    for rel, text in {**BASE, "protocols/management.toml": MGMT, **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_due_people_come_longest_overdue_first(tmp_path: Path) -> None:
    ben = BASE["owners/ben-ortiz.toml"].replace(
        'name = "Ben Ortiz"\n', 'name = "Ben Ortiz"\nrole = "community-manager"\n'
    )
    ben = ben.replace("trained_on = 2026-10-01\n", "")
    data = load_workspace(_workspace(tmp_path, **{"owners/ben-ortiz.toml": ben}))
    due = training_due(data, TODAY)
    assert [(d.owner_id, d.trained_on, d.due_on) for d in due] == [
        ("ben-ortiz", None, None),
        ("ana-ruiz", TODAY.replace(month=10, day=1), TODAY.replace(month=10, day=31)),
    ]
    assert due[1].topics == ["crisis mode"] and due[1].role.title == "CM"


def test_the_health_summary_carries_who_is_due(tmp_path: Path) -> None:
    data = load_workspace(_workspace(tmp_path))
    assert [d.name for d in health_summary(data, [], TODAY).training] == ["Ana Ruiz"]


def test_nobody_is_due_without_a_refresh_interval(tmp_path: Path) -> None:
    data = load_workspace(
        _workspace(tmp_path, **{"protocols/management.toml": BASE["protocols/management.toml"]})
    )
    assert health_summary(data, [], TODAY).training == []
