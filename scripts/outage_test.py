"""Stop PostgreSQL under load and report what users saw: `make outage-test`.

Starts a throwaway PostgreSQL cluster (its own port; the machine's shared server is never
touched), migrates it and loads the catalog, runs gunicorn with the repo's gunicorn.conf.py and
DEBUG=0, and puts load on it: readers loading pages, writers ticking milestones (a tick is
acknowledged when it answers 200), a prober asking /healthz and /livez every 100 ms. After a
warm-up it stops the database for 15 s (pg_ctl stop -m fast: open connections are cut, as in a
restart or a crash), starts it again and keeps the load on. Then it reports errors before,
during and after, how fast /healthz said 503, how long the app took to recover, and how many
acknowledged ticks are missing from the database (must be 0). Exit status 1 when a promise is
broken: a 500, /healthz slower than 2 s to say 503, no recovery, or a lost write.
"""

import argparse
import http.client
import json
import secrets
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from scripts.servers import gunicorn, manage, production_environment, throwaway_postgres

DATABASE = "roadmap_prod_outage"
PAGES = ["/", "/tracks/", "/tracks/novice-to-principal/", "/search/?q=python", "/skills/"]

SETUP_LEARNERS = """
import json
from django.test import Client
from curriculum.models import Milestone
from tests.factories import UserFactory
milestones = list(Milestone.objects.active().filter(project__track__is_published=True)
                  .order_by("pk").values_list("pk", flat=True))
writers = []
for number in range({count}):
    client = Client()
    client.force_login(UserFactory(username=f"writer{{number}}"))
    writers.append({{"session": client.cookies["sessionid"].value, "milestones": milestones}})
print(json.dumps(writers))
"""

COUNT_TICKS = """
import json
from portfolio.models import MilestoneCheck
print(json.dumps({{name: list(MilestoneCheck.objects.filter(user__username=name)
    .values_list("milestone_id", flat=True)) for name in {names!r}}}))
"""


@dataclass
class Sample:
    kind: str  # page, write, healthz, livez
    started: float
    seconds: float
    status: int  # 0: no HTTP answer at all


@dataclass
class Load:
    address: str
    think: float  # seconds a client waits between two requests, as people do
    samples: list[Sample] = field(default_factory=list)
    acknowledged: dict[str, list[int]] = field(default_factory=dict)
    stop: threading.Event = field(default_factory=threading.Event)
    origin: float = field(default_factory=time.monotonic)

    def request(self, kind, method, path, *, body=None, headers=None) -> int:
        host, port = self.address.removeprefix("http://").split(":")
        started = time.monotonic()
        try:
            connection = http.client.HTTPConnection(host, int(port), timeout=30)
            connection.request(method, path, body=body, headers=headers or {})
            status = connection.getresponse().status
            connection.close()
        except OSError:
            status = 0
        self.samples.append(Sample(kind, started - self.origin, time.monotonic() - started, status))
        return status

    def reader(self, offset: int) -> None:
        number = offset
        while not self.stop.is_set():
            self.request("page", "GET", PAGES[number % len(PAGES)])
            number += 1
            time.sleep(self.think)

    def writer(self, name: str, session: str, milestones: list[int]) -> None:
        token = secrets.token_hex(16)  # 32 characters: a valid CSRF secret and token
        headers = {
            "Cookie": f"sessionid={session}; csrftoken={token}",
            "X-CSRFToken": token,
            "HX-Request": "true",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        acknowledged = self.acknowledged.setdefault(name, [])
        for milestone in milestones:
            if self.stop.is_set():
                return
            status = self.request(
                "write",
                "POST",
                f"/progress/milestones/{milestone}/",
                body="done=1",
                headers=headers,
            )
            if status == 200:
                acknowledged.append(milestone)
            time.sleep(self.think)

    def prober(self) -> None:
        while not self.stop.is_set():
            self.request("healthz", "GET", "/healthz")
            self.request("livez", "GET", "/livez")
            time.sleep(0.1)


def percentile(values: list[float], share: float) -> float:
    return sorted(values)[min(len(values) - 1, int(len(values) * share))] if values else 0.0


def report(load: Load, down: float, up: float, lost: int) -> tuple[dict, list[str]]:
    """The figures, and the promises they break. Times are seconds; `down` is when the stop
    began, `up` when PostgreSQL accepted connections again."""
    traffic = [s for s in load.samples if s.kind in {"page", "write"}]
    failed = [s for s in traffic if not 200 <= s.status < 400]
    during = [s for s in failed if down <= s.started <= up]
    health = [s for s in load.samples if s.kind == "healthz"]
    first_503 = next((s for s in health if s.started >= down and s.status == 503), None)
    health_during = [s for s in health if down + 0.5 <= s.started <= up - 0.5]
    back = next((s for s in health if s.started >= up and s.status == 200), None)
    last_failure = max((s.started + s.seconds for s in failed), default=up)
    healthz_503_after = first_503.started + first_503.seconds - down if first_503 else None
    healthz_slowest = max((s.seconds for s in health_during), default=0)
    recovered_after = max(0, last_failure - up)
    figures = {
        "requests (pages and ticks)": len(traffic),
        "requests per second": round(len(traffic) / load.samples[-1].started, 1),
        "failed before the outage": sum(s.started < down for s in failed),
        "failed during the outage": len(during),
        "failed after the database was back": sum(s.started > up for s in failed),
        "status codes of failures": dict(sorted(Counter(s.status for s in failed).items())),
        "seconds to fail during the outage (median, max)": [
            round(statistics.median([s.seconds for s in during]), 2) if during else None,
            round(max((s.seconds for s in during), default=0), 2),
        ],
        "seconds from the stop to a /healthz 503": (
            round(healthz_503_after, 2) if first_503 else None
        ),
        "/healthz answer time during the outage (p95, max)": [
            round(percentile([s.seconds for s in health_during], 0.95), 2),
            round(healthz_slowest, 2),
        ],
        "/healthz 200 while the database was down": sum(s.status == 200 for s in health_during),
        "/livez failures": sum(s.status != 200 for s in load.samples if s.kind == "livez"),
        "seconds from the start to a /healthz 200": round(back.started - up, 2) if back else None,
        "seconds from the start to the last failed request": round(recovered_after, 2),
        "acknowledged writes": sum(map(len, load.acknowledged.values())),
        "acknowledged writes lost": lost,
    }
    promises = [
        (500 not in figures["status codes of failures"], "a request answered 500, not 503"),
        (first_503 and healthz_503_after <= 2, "/healthz did not say 503 within 2 s of the stop"),
        (healthz_slowest <= 2, "/healthz took longer than 2 s to answer during the outage"),
        (back and recovered_after <= 10, "no recovery within 10 s of the database's return"),
        (not figures["/livez failures"], "/livez failed"),
        (not lost, f"{lost} acknowledged writes are not in the database"),
    ]
    return figures, [broken for kept, broken in promises if not kept]


def last_json(output: str):
    """The JSON a shell snippet printed last (the shell may print other lines before it)."""
    return json.loads(output.strip().splitlines()[-1])


def prepare(environment: dict[str, str], writers: int) -> list[dict]:
    """Migrate, load the catalog, collect static files; sign in the writers."""
    manage(environment, "migrate", "--no-input", "-v0")
    manage(environment, "import_catalog", "--missing")
    manage(environment, "collectstatic", "--no-input", "-v0")
    return last_json(manage(environment, "shell", "-c", SETUP_LEARNERS.format(count=writers)))


def load_threads(load: Load, readers: int, writers: list[dict]) -> list[threading.Thread]:
    threads = [threading.Thread(target=load.prober)]
    threads += [threading.Thread(target=load.reader, args=(n,)) for n in range(readers)]
    threads += [
        threading.Thread(target=load.writer, args=(f"writer{n}", w["session"], w["milestones"]))
        for n, w in enumerate(writers)
    ]
    return threads


def print_timeline(load: Load, down: float) -> None:
    for sample in load.samples:
        if sample.kind == "healthz" or sample.seconds > 1:
            when = sample.started - down
            print(f"{when:7.2f} {sample.kind:8} {sample.status} {sample.seconds:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres-port", type=int, default=5441)
    parser.add_argument("--web-port", type=int, default=8201)
    parser.add_argument("--outage", type=float, default=15, help="seconds the database is down")
    parser.add_argument("--warm-up", type=float, default=8)
    parser.add_argument("--after", type=float, default=15, help="seconds of load after")
    parser.add_argument("--readers", type=int, default=6)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--think", type=float, default=0.05, help="seconds between requests")
    parser.add_argument("--timeline", action="store_true", help="print slow requests and probes")
    arguments = parser.parse_args()

    log = Path(tempfile.gettempdir()) / "roadmap_prod_outage_gunicorn.log"
    with throwaway_postgres(arguments.postgres_port) as cluster:
        cluster.create_database(DATABASE)
        environment = production_environment(cluster.url(DATABASE))
        print(f"PostgreSQL on port {cluster.port}: migrating, loading the catalog…", flush=True)
        writers = prepare(environment, arguments.writers)
        with gunicorn(environment, arguments.web_port, log) as address:
            load = Load(address, arguments.think)
            threads = load_threads(load, arguments.readers, writers)
            for thread in threads:
                thread.start()
            time.sleep(arguments.warm_up)
            print(f"Stopping PostgreSQL for {arguments.outage:g} s under load…", flush=True)
            down = time.monotonic() - load.origin
            cluster.stop()
            time.sleep(arguments.outage)
            cluster.start()
            up = time.monotonic() - load.origin
            print("PostgreSQL is back; keeping the load on…", flush=True)
            time.sleep(arguments.after)
            load.stop.set()
            for thread in threads:
                thread.join()
        names = list(load.acknowledged)
        stored = last_json(manage(environment, "shell", "-c", COUNT_TICKS.format(names=names)))
    lost = sum(len(set(acked) - set(stored[name])) for name, acked in load.acknowledged.items())
    figures, broken = report(load, down, up, lost)
    if arguments.timeline:
        print_timeline(load, down)
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    for promise in broken:
        print(f"BROKEN: {promise}")
    print(f"gunicorn's log: {log}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
