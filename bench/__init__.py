"""The benchmark: `make bench` seeds a big installation, serves it with the production server
and measures each key page against `/healthz` (see docs/performance.md). Not part of the app:
nothing in roadmap/, accounts/, curriculum/ or portfolio/ imports it."""
