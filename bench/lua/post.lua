-- A POST to the slice's own path as htmx sends it: form-encoded BENCH_BODY, with the CSRF
-- token in a header. The -H Cookie of the command line is already in wrk.headers.

dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY") or ""
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["HX-Request"] = "true"
wrk.headers["X-CSRFToken"] = os.getenv("BENCH_CSRF")
