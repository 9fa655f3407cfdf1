"""The Draft screen: write a post and see, as you type, what the network, the communication
protocol and the account's own rules say about it (``core.draft``, the same check as
``smgov draft check``).

The check runs on the UI thread, with no worker and no debounce: it is pure and takes about a
millisecond for a 2,000-character post, so the findings never lag behind the text. Changes that
arrive together (a paste, keys faster than a frame) are checked once, with the text as it is
after the last of them. Each key must be shown, checked, within one frame (16 ms; bench/run.py,
"draft check per keystroke"), so a key redraws as little as it can: the text area cuts its long
line into rows once and draws again only the rows an edit changed (``WrapOnceTextArea``), the
findings are drawn only when they change and lay the screen out again only when their height
changes, the counts line never does, and both are drawn in the frame that shows the key.
Nothing is written: the draft lives in the screen only.
"""

from __future__ import annotations

from typing import ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.css.styles import RulesMap
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
from smgov_tui.ui.textual_internals import WrapOnceTextArea, paint_with_the_next_frame
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
        self.checked_text: str | None = None
        """The text ``report`` was made from (None: nothing checked)."""
        self._checked_account: r.Account | None = None
        self._check_queued = False
        self._findings_shown: Text | None = None
        self._findings_size: tuple[int, int] | None = None

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
        """Queue one check behind the changes waiting: those that arrive before it runs are
        checked with it, in the text as it is then."""
        if not self._check_queued:
            self._check_queued = True
            self.call_later(self._queued_check)

    def _queued_check(self) -> None:
        self._check_queued = False
        self.run_check(force=False)

    @on(Select.Changed, "#draft-account")
    def _account_changed(self, event: Select.Changed) -> None:
        self.account_id = event.value if isinstance(event.value, str) else None
        self.run_check()

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """The workspace changed (the protocol edited, a sync): check again with it."""
        self.run_check()

    def run_check(self, force: bool = True) -> None:
        """Check the text for the chosen account and show the findings and the counts (unless,
        without ``force``, this very text was the last checked for this very account)."""
        host = workspace_host(self)
        store = host.store if host is not None else None
        status = self.query_one("#draft-status", Static)
        account = store.data.accounts.get(self.account_id or "") if store is not None else None
        if store is None or account is None or self.account_id is None:
            self.report = None
            self.checked_text = None
            self._checked_account = None
            self._show_findings(Text(_("Choose the account that will publish the post.")))
            status.update("")
            return
        text = self.query_one("#draft-text", TextArea).text
        if not force and text == self.checked_text and account is self._checked_account:
            return
        report = check_draft(text, self.account_id, account, store.data.communication)
        self.report = report
        self.checked_text = text
        self._checked_account = account
        self._show_findings(_render_findings(report))
        status.update(_render_status(report, account), layout=False)  # one line, fixed height
        paint_with_the_next_frame(status)

    def _show_findings(self, shown: Text) -> None:
        """Draw the findings if they changed; lay the screen out again only if their height
        did (most keys change the counts, not the findings; a key that changes a finding's
        words seldom changes its number of lines, and a layout costs more than the check)."""
        if shown == self._findings_shown:
            return
        self._findings_shown = shown
        findings = self.query_one("#draft-findings", Static)
        content = Content.from_rich_text(shown, console=self.app.console)
        width = findings.content_size.width
        rules = cast(RulesMap, findings.styles)  # what Textual itself passes (Widget, 8.2.8)
        size = (width, content.get_height(rules, width)) if width > 0 else None
        relayout = size is None or size != self._findings_size
        findings.update(content, layout=relayout)
        if not relayout:
            paint_with_the_next_frame(findings)
        self._findings_size = size

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
