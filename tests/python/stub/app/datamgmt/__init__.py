"""Stand-in for part of IRIS's `app` package, for tests outside IRIS."""
