"""Who is at the keyboard: the author of every commit the app makes."""

from __future__ import annotations

import os

from smgov_tui.i18n import _
from smgov_tui.store.errors import AuthorMissing
from smgov_tui.store.git import Author, Git


def resolve_author(
    git: Git | None, flag: str | None = None, environ: dict[str, str] | None = None
) -> Author:
    """The author, by precedence: ``--author``, then ``SMGOV_AUTHOR``, then the repo's git config,
    then the name the person gave crisis mode when none of those was set (user settings).

    Raises AuthorMissing, with the ways to set one, when none is set; ValueError when a given
    value is not ``Name <email>``.
    """
    env = os.environ if environ is None else environ
    if flag:
        return Author.parse(flag)
    if env.get("SMGOV_AUTHOR"):
        return Author.parse(env["SMGOV_AUTHOR"])
    if git is not None:
        name, email = git.config("user.name"), git.config("user.email")
        if name and email:
            return Author(name, email)
    from smgov_tui.store.settings import load_settings  # only on a machine git knows nobody

    remembered = load_settings()
    if remembered.author_name:
        return Author(remembered.author_name, remembered.author_email)
    raise AuthorMissing(
        _(
            "Nobody to sign the changes: set an author in one of these ways:\n"
            '  smgov --author "Ana Ruiz <ana@example.org>" ...\n'
            '  export SMGOV_AUTHOR="Ana Ruiz <ana@example.org>"\n'
            '  git config --global user.name "Ana Ruiz"\n'
            "  git config --global user.email ana@example.org"
        )
    )
