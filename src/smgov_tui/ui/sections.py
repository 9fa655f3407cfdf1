"""The sections of the main screen, as a registry: adding one is a few lines.

A section has an id, a label, the kind of record ``n`` creates there, and a factory for its
view. A view is any widget with ``show_snapshot(snapshot)``; list sections use
:class:`~smgov_tui.ui.widgets.record_table.RecordList` fed by a builder in
:mod:`smgov_tui.ui.present.listing`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from textual.widget import Widget

from smgov_tui.core import kinds as k
from smgov_tui.i18n import _
from smgov_tui.ui.present.state import Snapshot


@runtime_checkable
class SectionView(Protocol):
    """What a section's view does when the workspace (re)loads."""

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Show the freshly loaded or changed workspace."""


@dataclass(frozen=True)
class Section:
    """One entry of the sidebar."""

    id: str
    """Stable id (also the view's DOM id, ``section-<id>``)."""
    label: Callable[[], str]
    """Translated name, computed when shown."""
    make_view: Callable[[str], Widget]
    """Builds the view; receives the DOM id to give it."""
    new_kind: k.Kind | None = None
    """Kind of record that ``n`` (new) creates in this section."""


def _list_view(section_id: str) -> Callable[[str], Widget]:
    def make(dom_id: str) -> Widget:
        from smgov_tui.ui.widgets.record_table import RecordList

        return RecordList(section_id, id=dom_id)

    return make


def _history_view(dom_id: str) -> Widget:
    from smgov_tui.ui.widgets.history import HistoryView

    return HistoryView(None, None, id=dom_id)


def _health_view(dom_id: str) -> Widget:
    from smgov_tui.ui.widgets.health import HealthList

    return HealthList(id=dom_id)


def _review_view(dom_id: str) -> Widget:
    from smgov_tui.ui.widgets.review import ReviewList

    return ReviewList(id=dom_id)


def _overview_view(dom_id: str) -> Widget:
    from smgov_tui.ui.widgets.overview import OverviewView

    return OverviewView(id=dom_id)


SECTIONS: list[Section] = [
    Section("accounts", lambda: _("Accounts"), _list_view("accounts"), k.ACCOUNTS),
    Section("owners", lambda: _("Owners"), _list_view("owners"), k.OWNERS),
    Section("contacts", lambda: _("Contacts"), _list_view("contacts"), k.CONTACTS),
    Section("protocols", lambda: _("Protocols"), _list_view("protocols"), k.PLAYBOOKS),
    Section("incidents", lambda: _("Incidents"), _list_view("incidents")),
    Section("health", lambda: _("Health"), _health_view),
    Section("history", lambda: _("History"), _history_view),
    Section("overview", lambda: _("Overview"), _overview_view),
    # last, so the keys 1-8 people know stay where they are
    Section("review", lambda: _("Review"), _review_view),
]
"""Sidebar order. Another module may insert its own section, e.g. an overview first:
``SECTIONS.insert(0, Section("overview", lambda: _("Overview"), make_overview))``."""


def register_section(section: Section, index: int | None = None) -> None:
    """Add (or replace, by id) a section; ``index`` None appends it."""
    for position, existing in enumerate(SECTIONS):
        if existing.id == section.id:
            SECTIONS[position] = section
            return
    if index is None:
        SECTIONS.append(section)
    else:
        SECTIONS.insert(index, section)


def section_by_id(section_id: str) -> Section | None:
    """The registered section with ``section_id``."""
    return next((s for s in SECTIONS if s.id == section_id), None)
