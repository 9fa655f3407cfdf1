"""The Overview section: the workspace at a glance, in small charts.

Who is on call now and next (the rota); accounts by network, status and department; how many
accounts each person answers for (owner and backup); incidents per month and their median time
to first response (see :mod:`smgov_tui.core.stats` for the definition). Every label is user
data and is drawn as ``rich.text.Text``, never as markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Sparkline, Static

from smgov_tui.core import clock
from smgov_tui.core.plan import plan_rows
from smgov_tui.core.stats import Overview, Workload
from smgov_tui.i18n import _, ngettext
from smgov_tui.ui.present.formspec import status_label
from smgov_tui.ui.present.nobreak import wrap_keeping
from smgov_tui.ui.present.oncall import on_call_line
from smgov_tui.ui.present.state import Snapshot
from smgov_tui.ui.widgets.charts import bar_chart, stacked_chart

WORKLOAD_SHOWN = 30
"""People drawn in the workload chart, the busiest first; the others are counted on a last
line. A chart of everyone read as nothing at 10,000 people, and drawing it held the interface
for a fifth of a second as the workspace loaded (redrawn on every change and resize)."""


def workload_chart(workload: list[Workload], width: int) -> Text:
    """The busiest :data:`WORKLOAD_SHOWN` people's accounts, owned and backed up, then how
    many more people answer for accounts (names are data: drawn as plain text)."""
    if not workload:
        return Text(_("No account has an owner yet."))
    shown = workload[:WORKLOAD_SHOWN]
    rows = [(w.name if w.active else w.name + " †", w.owner, w.backup) for w in shown]
    chart = stacked_chart(rows, width, label_width=24)
    more = len(workload) - len(shown)
    if more:
        chart.append("\n")
        chart.append(
            ngettext("… and {n} more person", "… and {n} more people", more).format(n=more),
            style="dim",
        )
    return chart


def _panel(title: str, panel_id: str, subtitle: str = "") -> Vertical:
    panel = Vertical(classes="ov-panel", id=panel_id)
    panel.border_title = title
    panel.border_subtitle = subtitle
    return panel


def plan_text(rows: list[tuple[str, str]]) -> Text:
    """Who owns the plan, in one paragraph that wraps: ``Plan owner: Ana · Evangelists: ...``
    (the values are user data, appended as plain text)."""
    if not rows:
        return Text(
            _(
                "Nobody owns the plan yet: name its owner and evangelists in [plan] of "
                "workspace.toml."
            ),
            style="italic",
        )
    text = Text()
    for index, (label, value) in enumerate(rows):
        if index:
            text.append(" · ", style="dim")
        text.append(f"{label}: ", style="bold")
        text.append(value)
    return text


class OverviewView(VerticalScroll):
    """Charts of the loaded workspace; redrawn on every snapshot and resize."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="overview")
        self.figures: Overview | None = None
        self.totals = Text()
        self.on_call: Text | None = None
        self.plan = Text()

    def compose(self) -> ComposeResult:
        """A headline, then two rows of two panels."""
        yield Static("", id="ov-totals", markup=False)
        yield Static("", id="ov-oncall", markup=False)
        yield Static("", id="ov-plan", markup=False)
        with Horizontal(classes="ov-row"):
            with _panel(_("Accounts by network"), "ov-network"):
                yield Static("", classes="ov-chart", markup=False)
            with _panel(_("Accounts by status and department"), "ov-department"):
                yield Static("", classes="ov-chart", id="ov-status-chart", markup=False)
                yield Static("", classes="ov-chart", id="ov-department-chart", markup=False)
        with Horizontal(classes="ov-row"):
            with _panel(
                _("Workload (█ owner, ▒ backup)"), "ov-workload", _("archived accounts not counted")
            ):
                yield Static("", classes="ov-chart", markup=False)
            with _panel(_("Incidents per month"), "ov-incidents"):
                yield Sparkline([], id="ov-sparkline")
                yield Static("", id="ov-months", markup=False)
                yield Static("", classes="ov-chart", markup=False)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Recount from the freshly loaded workspace (in memory: no disk, no git)."""
        data = snapshot.store.data
        self.figures = snapshot.figures
        accounts = len(data.accounts)
        self.totals = Text(
            _(
                "{accounts} accounts · {owners} people · {contacts} crisis contacts · "
                "{playbooks} playbooks · {incidents} incidents ({open} open)"
            ).format(
                accounts=accounts,
                owners=len(data.owners),
                contacts=len(data.contacts),
                playbooks=len(data.playbooks),
                incidents=len(data.incidents),
                open=self.figures.open_incidents,
            ),
            style="bold",
        )
        self.on_call = on_call_line(data, clock.now())
        self.plan = plan_text(plan_rows(data, clock.today()))
        self._draw()

    def on_resize(self) -> None:
        """Charts fit their panels (drawn once the new size is laid out)."""
        self.call_after_refresh(self._draw)

    def _width(self, panel_id: str) -> int:
        """Cells available to a chart: half the view, less the panel's border and padding."""
        del panel_id  # every panel is half the view wide
        return max(16, self.scrollable_content_region.width // 2 - 4)

    def _draw(self) -> None:
        figures = self.figures
        if figures is None or not self.is_mounted:
            return
        self.query_one("#ov-totals", Static).update(self.totals)
        on_call = self.query_one("#ov-oncall", Static)
        on_call.display = self.on_call is not None
        width = self.scrollable_content_region.width - 2  # the line's padding
        on_call.update(wrap_keeping(self.on_call, width) if self.on_call else "")
        self.query_one("#ov-plan", Static).update(self.plan)
        chart = self.query_one("#ov-network .ov-chart", Static)
        chart.update(bar_chart(figures.by_network, self._width("ov-network")))
        width = self._width("ov-department")
        statuses = [(status_label(s), float(n)) for s, n in figures.by_status]
        self.query_one("#ov-status-chart", Static).update(bar_chart(statuses, width))
        departments = [(d, float(n)) for d, n in figures.by_department]
        self.query_one("#ov-department-chart", Static).update(
            bar_chart(departments, width, label_width=24)
        )
        self.query_one("#ov-workload .ov-chart", Static).update(
            workload_chart(figures.workload, self._width("ov-workload"))
        )
        self.query_one("#ov-sparkline", Sparkline).data = [m.count for m in figures.months]
        first, last = figures.months[0].month, figures.months[-1].month
        months_width = self._width("ov-incidents")
        self.query_one("#ov-months", Static).update(
            Text(first + last.rjust(max(len(last) + 1, months_width - len(first))), style="dim")
        )
        lines = Text(no_wrap=True, overflow="ellipsis")
        shown = [m for m in figures.months if m.count]
        for index, month in enumerate(shown):
            if index:
                lines.append("\n")
            lines.append(f"{month.month}  ")
            count = month.count
            lines.append(ngettext("{n} incident", "{n} incidents", count).format(n=count))
            median = month.median_minutes
            if median is not None:
                lines.append(
                    ", " + _("{minutes} min to respond").format(minutes=median), style="dim"
                )
        if not shown:
            lines.append(_("No incidents in the last 12 months."))
        self.query_one("#ov-incidents .ov-chart", Static).update(lines)
