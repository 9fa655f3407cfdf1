"""The Health section: the summary first, then every finding (Enter opens the record).

The summary gives the shares the plan lives by (accounts with an owner and a backup, reviewed
on time; contacts that can be reached) and the findings grouped by severity and by record.
Under the table, a preview shows the highlighted finding in full: the table cuts long
messages, and the end of the sentence is usually what is expected.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from smgov_tui.core.problems import Problem, count_problems
from smgov_tui.core.stats import HealthSummary
from smgov_tui.i18n import _, ngettext
from smgov_tui.ui.present.state import Snapshot
from smgov_tui.ui.widgets.charts import bar
from smgov_tui.ui.widgets.findings import finding_text
from smgov_tui.ui.widgets.record_table import RecordList, RecordTable

TOP_RECORDS = 4


def summary_text(summary: HealthSummary, width: int = 100) -> Text:
    """The summary as Text: three shares with bars, who is due for training (when anybody
    is), then findings by severity and record.

    The bars shrink (20 cells down to 6) so the percentages stay in ``width`` cells.
    """
    text = Text(no_wrap=True, overflow="ellipsis")
    shares = [
        (_("Accounts with an owner and a backup"), summary.with_owner_and_backup, summary.accounts),
        (_("Accounts reviewed on time"), summary.reviewed_on_time, summary.accounts),
        (_("Crisis contacts that can be reached"), summary.reachable, summary.contacts),
    ]
    label_width = max(len(label) for label, _part, _whole in shares)
    cells = max(6, min(20, width - label_width - 16))
    for label, part, whole in shares:
        percent = HealthSummary.share(part, whole)
        style = "green" if percent == 100 else ("yellow" if percent >= 80 else "red")
        text.append(label.ljust(label_width) + " ")
        text.append(bar(percent, 100, cells).ljust(cells), style=style)
        text.append(f" {percent:3d}%", style=f"bold {style}")
        text.append(f"  ({part}/{whole})\n", style="dim")
    if summary.training:
        # Names only, longest overdue first: the line must fit 80 columns, and each person's
        # finding below says since when and on what.
        count = len(summary.training)
        text.append(
            ngettext("Training due ({n}):", "Training due ({n}):", count).format(n=count) + " ",
            style="bold yellow",
        )
        text.append(", ".join(due.name for due in summary.training))
        text.append("\n")
    text.append(
        count_problems(summary.errors, summary.warnings),
        style="bold red" if summary.errors else ("yellow" if summary.warnings else "green"),
    )
    if summary.records:
        text.append("  " + _("most in:") + " ", style="dim")
        for index, record in enumerate(summary.records[:TOP_RECORDS]):
            if index:
                text.append(", ", style="dim")
            text.append(record.path)
            counts = []
            if record.errors:
                counts.append(_("{n} err").format(n=record.errors))
            if record.warnings:
                counts.append(_("{n} warn").format(n=record.warnings))
            text.append(f" ({', '.join(counts)})", style="dim")
    return text


class HealthList(RecordList):
    """The findings list of ``check``, with the health summary above it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("health", id=id)
        self.summary: HealthSummary | None = None

    def compose(self) -> ComposeResult:
        """Summary, then filter and table, then the highlighted finding in full."""
        yield Static("", classes="health-summary", markup=False)
        yield from super().compose()
        yield Static("", classes="health-preview", markup=False)

    def loading_text(self) -> str:
        """The lists show first; the findings follow when the checks have run."""
        return _("Checking the workspace...")

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Recompute the summary and show the findings."""
        self.summary = snapshot.health
        self._draw_summary()
        super().show_snapshot(snapshot)
        self._draw_preview(self.table.current_key)

    @property
    def highlighted(self) -> Problem | None:
        """The finding under the cursor, if any."""
        key = self.table.current_key
        if self.model is None or key is None:
            return None
        problem = self.model.items.get(key)
        return problem if isinstance(problem, Problem) else None

    @on(RecordTable.RowHighlighted)
    def _row_highlighted(self, event: RecordTable.RowHighlighted) -> None:
        self._draw_preview(event.key)

    def _draw_preview(self, key: str | None) -> None:
        problem = self.model.items.get(key) if self.model is not None and key else None
        preview = self.query_one(".health-preview", Static)
        if isinstance(problem, Problem):
            preview.update(finding_text(problem))
        else:
            preview.update(Content(""))

    def on_resize(self) -> None:
        """Fit the columns and the summary's bars to the new width."""
        super().on_resize()
        self._draw_summary()

    def _draw_summary(self) -> None:
        if self.summary is not None:
            width = self.size.width - 2  # the summary's padding
            self.query_one(".health-summary", Static).update(summary_text(self.summary, width))
