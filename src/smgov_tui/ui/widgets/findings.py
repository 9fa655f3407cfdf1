"""One finding of ``check`` written out in full, for the Health preview and a record's detail:
what is wrong, and how to fix it.

Table cells cut a long message; these texts wrap, so the whole sentence (what is wrong and
what is expected) can be read. They are :class:`~textual.content.Content` built from plain
strings (workspace text is never parsed as markup) so the colours follow the theme.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from smgov_tui.core.problems import Problem
from smgov_tui.core.rules import field_name, fix_text
from smgov_tui.i18n import _

SEPARATOR = ("  ·  ", "dim")


def severity_label(problem: Problem) -> tuple[str, str]:
    """``error`` or ``warning``, translated, with the theme's colour for it."""
    if problem.severity == "error":
        return _("error"), "bold $text-error"
    return _("warning"), "bold $text-warning"


def _where(problem: Problem, with_path: bool) -> list[str]:
    parts = []
    if with_path:
        parts.append(problem.path)
    if problem.line is not None:
        parts.append(_("line {line}").format(line=problem.line))
    if problem.field:
        parts.append(_("field {field}").format(field=field_name(problem)))
    return parts


def finding_text(problem: Problem) -> Content:
    """The whole finding: severity, file, line, field and rule on one line, the message below."""
    parts: list[str | tuple[str, str]] = [severity_label(problem)]
    for part in _where(problem, with_path=True):
        parts += [SEPARATOR, part]
    if problem.code:
        parts += [SEPARATOR, (_("rule {code}").format(code=problem.code), "dim")]
    parts += ["\n", problem.message]
    fix = fix_text(problem)
    if fix:
        parts += ["\n", (_("How to fix it:") + " ", "bold $text-success"), fix]
    return Content.assemble(*parts)


def findings_text(problems: Sequence[Problem]) -> Content:
    """A record's own findings, one per line: severity, line and field, then the message.

    The file is left out: these are shown on the record's own screen.
    """
    parts: list[str | tuple[str, str]] = []
    for index, problem in enumerate(problems):
        if index:
            parts.append("\n")
        parts.append(severity_label(problem))
        where = _where(problem, with_path=False)
        if where:
            parts.append((" (" + ", ".join(where) + ")", "dim"))
        parts += [": ", problem.message]
    return Content.assemble(*parts)
