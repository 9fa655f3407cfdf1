"""The post-mortem report: it names the affected account, and says its counts in the
language's plural forms."""

from __future__ import annotations

import datetime as dt
import tomllib

import msgspec
import pytest

from smgov_tui.core import records as r
from smgov_tui.core.crisis import Crisis, open_incident
from smgov_tui.core.report import render_report, step_counts
from tests.helpers.crisis import PLAYBOOK

T0 = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC)


def crisis(account: str = "") -> Crisis:
    playbook = msgspec.convert(tomllib.loads(PLAYBOOK), r.Playbook)
    incident = open_incident(
        "hacked-account", playbook, "high", "Ana <a@x.org>", T0, account=account
    )
    return Crisis(playbook, incident)


def test_the_report_names_the_affected_account() -> None:
    text, _withheld = render_report("i1", crisis("ig-shop"), dt.UTC, "md", "@tienda (instagram)")
    assert "**Affected account:** @tienda (instagram)" in text
    html_text, _withheld = render_report("i1", crisis("ig-shop"), dt.UTC, "html")
    assert "ig-shop" in html_text  # without a label, its id
    plain, _withheld = render_report("i1", crisis(), dt.UTC, "md")
    assert "Affected account" not in plain


@pytest.mark.usefixtures("spanish")
def test_counts_take_their_plural_form() -> None:
    # Reported: "1 saltados".
    assert step_counts(1, 1, 4) == "1 hecho, 1 saltado y 2 sin hacer de 4"
    assert step_counts(2, 0, 2) == "2 hechos, 0 saltados y 0 sin hacer de 2"


def test_counts_in_english() -> None:
    assert step_counts(1, 1, 4) == "1 done, 1 skipped, 2 not done of 4"
