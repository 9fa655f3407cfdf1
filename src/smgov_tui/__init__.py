"""smgov: social media governance kept as a git repository of TOML files."""

__version__ = "0.1.0"
