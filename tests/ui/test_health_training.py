"""The Health summary says who is due for training, by name (each one's finding says since
when and on what); nothing when nobody is, so a workspace without training plans reads as
before."""

from __future__ import annotations

import datetime as dt

from smgov_tui.core import records as r
from smgov_tui.core.stats import HealthSummary
from smgov_tui.core.training import TrainingDue
from smgov_tui.ui.widgets.health import summary_text

SEP_1, OCT_1 = dt.date(2026, 9, 1), dt.date(2026, 10, 1)
ROLE = r.Role(id="cm", title="CM", training_every_days=30)


def _summary(*due: TrainingDue) -> HealthSummary:
    return HealthSummary(1, 1, 1, 1, 1, 0, 0, [], training=list(due))


def test_health_names_who_is_due_longest_overdue_first() -> None:
    shown = summary_text(
        _summary(
            TrainingDue("ben", "Ben Ortiz", ROLE, None, None),
            TrainingDue(
                "ana", "Ana [bold]Ruiz[/]", ROLE, dt.date(2026, 9, 1), dt.date(2026, 10, 1)
            ),
        ),
        200,
    ).plain
    assert "Training due (2): Ben Ortiz, Ana [bold]Ruiz[/]\n" in shown


def test_health_says_nothing_of_training_when_nobody_is_due() -> None:
    assert "Training due" not in summary_text(_summary(), 200).plain
