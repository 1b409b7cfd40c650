"""Sources: find input files, load them safely, detect their kind, and turn them into Subjects."""
