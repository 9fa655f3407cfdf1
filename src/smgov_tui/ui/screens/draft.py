"""The Draft screen: write a post and see, as you type, what the network, the communication
protocol and the account's own rules say about it (``core.draft``, the same check as
``smgov draft check``).

The check runs on the UI thread on every change, with no worker and no debounce: it is pure
and takes about a millisecond for a 2,000-character post (``bench/run.py``, "draft check per
keystroke", against one frame, 16 ms), so the findings never lag behind the text. Nothing is
written: the draft lives in the screen only.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Select, Static, TextArea

from smgov_tui.core import records as r
from smgov_tui.core.draft import DraftReport, check_draft
from smgov_tui.core.language import language_name
from smgov_tui.core.networks import limits_for
from smgov_tui.core.problems import count_problems
from smgov_tui.i18n import _, ngettext
from smgov_tui.ui.contracts import workspace_host
from smgov_tui.ui.present.state import Snapshot
from smgov_tui.ui.textual_internals import WrapOnceTextArea
from smgov_tui.ui.widgets.footer import SmgovFooter


class DraftScreen(Screen[None]):
    """A post being written, its account, and the findings beside it."""

    CSS_PATH = "draft.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", _("Back"), id="draft.back"),
    ]
    """Tab and shift+tab move between the account and the text (the text takes every other
    key: it is where the person types)."""

    def __init__(self, account_id: str | None = None) -> None:
        super().__init__()
        self.account_id = account_id
        self.report: DraftReport | None = None
        self._findings_shown: Text | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(_("Draft check")), id="draft-title")
        accounts = self._accounts()
        if self.account_id not in accounts:
            self.account_id = next(iter(accounts), None)
        with Horizontal(id="draft-top"):
            yield Static(Text(_("Account")), id="draft-account-label")
            yield Select[str](
                [(Text(label), aid) for aid, label in accounts.items()],
                value=self.account_id if self.account_id is not None else Select.NULL,
                allow_blank=self.account_id is None,
                prompt=_("Choose the account"),
                id="draft-account",
            )
        with Horizontal(id="draft-body"):
            yield WrapOnceTextArea(id="draft-text", soft_wrap=True, show_line_numbers=False)
            with VerticalScroll(id="draft-findings-box"):
                yield Static(id="draft-findings")
        yield Static(id="draft-status")
        yield SmgovFooter()

    def on_mount(self) -> None:
        """Start in the text, checked once (an empty post: what the account expects)."""
        self.query_one("#draft-text", TextArea).focus()
        self.run_check()

    def _data_accounts(self) -> dict[str, r.Account]:
        host = workspace_host(self)
        store = host.store if host is not None else None
        return dict(store.data.accounts) if store is not None else {}

    def _accounts(self) -> dict[str, str]:
        """Every valid account by id, with what the picker shows: active ones first."""
        found = self._data_accounts()
        ordered = sorted(found.items(), key=lambda item: (item[1].status != "active", item[0]))
        return {aid: f"{aid} · {limits_for(acc.network).name} {acc.handle}" for aid, acc in ordered}

    @on(TextArea.Changed, "#draft-text")
    def _text_changed(self) -> None:
        self.run_check()

    @on(Select.Changed, "#draft-account")
    def _account_changed(self, event: Select.Changed) -> None:
        self.account_id = event.value if isinstance(event.value, str) else None
        self.run_check()

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """The workspace changed (the protocol edited, a sync): check again with it."""
        self.run_check()

    def run_check(self) -> None:
        """Check the text for the chosen account and show the findings and the counts."""
        host = workspace_host(self)
        store = host.store if host is not None else None
        findings = self.query_one("#draft-findings", Static)
        status = self.query_one("#draft-status", Static)
        account = store.data.accounts.get(self.account_id or "") if store is not None else None
        if store is None or account is None or self.account_id is None:
            self.report = None
            self._findings_shown = None
            findings.update(Text(_("Choose the account that will publish the post.")))
            status.update("")
            return
        text = self.query_one("#draft-text", TextArea).text
        report = check_draft(text, self.account_id, account, store.data.communication)
        self.report = report
        shown = _render_findings(report)
        # Most keys change the counts but not the findings: laying the findings out again
        # costs more than the check itself, so only new findings are drawn.
        if shown != self._findings_shown:
            self._findings_shown = shown
            findings.update(shown)
        status.update(_render_status(report, account), layout=False)  # one line, fixed height

    def action_back(self) -> None:
        """Leave the draft (nothing to save: it was never written anywhere)."""
        self.dismiss(None)


def _render_findings(report: DraftReport) -> Text:
    """Errors, then warnings, each a sentence; or a line saying the post is fine."""
    if not report.findings:
        return Text(_("Nothing to fix: the post follows the network and the protocol."), "green")
    out = Text()
    for number, finding in enumerate(report.findings):
        if number:
            out.append("\n\n")
        if finding.severity == "error":
            out.append(_("error") + ": ", "bold red")
        else:
            out.append(_("warning") + ": ", "bold yellow")
        out.append(finding.message)
    return out


def _render_status(report: DraftReport, account: r.Account) -> Text:
    """The count of findings first (it fits at 80 columns), then the length against the
    limit, the hashtags, the mentions and the language."""
    network = limits_for(account.network).name
    if report.max_length is None:
        size = _("{length} characters").format(length=report.length)
    else:
        size = _("{length} of {limit} characters").format(
            length=report.length, limit=report.max_length
        )
    parts = [
        count_problems(report.errors, report.warnings),
        f"{network}: {size}",
        ngettext("{n} hashtag", "{n} hashtags", report.hashtags).format(n=report.hashtags),
        ngettext("{n} mention", "{n} mentions", report.mentions).format(n=report.mentions),
    ]
    if report.language is not None:
        parts.append(language_name(report.language))
    over = report.max_length is not None and report.length > report.max_length
    return Text(" · ".join(parts), "bold red" if over or report.errors else "")
