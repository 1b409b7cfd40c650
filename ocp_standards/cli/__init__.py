"""The `ocp` command line (typer + rich)."""
