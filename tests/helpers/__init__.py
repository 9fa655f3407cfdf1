"""What the tests share: app waits, git hooks, remotes, crisis and form set-ups.

Test modules import from here, never from one another (fixtures stay in conftest.py).
"""
