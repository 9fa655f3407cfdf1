"""Pure presentation: the text, tables and diffs the screens show, built without Textual.

Nothing here imports textual (a contract in pyproject.toml says so), so each builder is
tested as plain data and runs in a worker thread without touching the screen.
"""
