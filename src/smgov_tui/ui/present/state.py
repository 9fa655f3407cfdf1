"""What the views show: one snapshot of the loaded workspace, built in a worker."""

from __future__ import annotations

from dataclasses import dataclass, field

from smgov_tui.core import clock
from smgov_tui.core.checks import summary_counts
from smgov_tui.core.problems import Problem
from smgov_tui.core.stats import HealthSummary, Overview, health_summary, overview
from smgov_tui.store.status import WorkspaceStatus, workspace_status
from smgov_tui.store.store import Store
from smgov_tui.ui.present.listing import TableModel, build_all


@dataclass
class Snapshot:
    """The store plus everything derived from it for the screens."""

    store: Store
    models: dict[str, TableModel]
    """Prebuilt lists by section id."""
    problems: list[Problem]
    """Findings of ``check`` on the loaded data (empty until ``checked``)."""
    status: WorkspaceStatus | None
    """Branch, author and unpushed commits; None while they are being read."""
    errors: int = field(init=False)
    warnings: int = field(init=False)
    figures: Overview = field(init=False)
    """The Overview section's counts."""
    health: HealthSummary | None = field(init=False)
    """The Health section's shares (None until ``checked``)."""

    def __post_init__(self) -> None:
        """Derive the counts here, in the worker that builds the snapshot, not on the UI thread."""
        self.errors, self.warnings = summary_counts(self.problems)
        today = clock.today()
        self.figures = overview(self.store.data, today)
        self.health = (
            health_summary(self.store.data, self.problems, today) if self.checked else None
        )

    @property
    def checked(self) -> bool:
        """True once the checks ran (the first snapshot shows the lists before them)."""
        return self.status is not None


def build_snapshot(store: Store, lists: dict[str, TableModel] | None = None) -> Snapshot:
    """Check the workspace and build every list, reusing ``lists`` built just before (in a
    worker: checking thousands of records takes a while)."""
    problems = store.check()
    models = build_all(store.data, problems, only=["health"] if lists else None)
    return Snapshot(store, {**(lists or {}), **models}, problems, workspace_status(store))
