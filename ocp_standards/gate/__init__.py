"""The verdict behind the exit code: the gate, and what may excuse a failure (waivers with expiry,
baselines of known failures)."""
