"""The internet as the tests see it: GitHub's recorded answers, web pages and DNS names a test
sets up. It replaces httpx's transport (where bytes would leave for the network) and the
resolver, never our code. A request nothing answers fails as an unreachable host would."""

import json
import socket
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import httpx

FIXTURES = Path(__file__).parent / "portfolio" / "fixtures" / "github"
REAL_GETADDRINFO = socket.getaddrinfo
REAL_HANDLE_REQUEST = httpx.HTTPTransport.handle_request


def recording(name: str) -> dict:
    """A recorded answer: "pallets__click/commits" or "_failures/rate_limit_403"."""
    return json.loads((FIXTURES / f"{name}.json").read_text())


def _key(method: str, url: str) -> tuple:
    parts = urlsplit(url)
    path = parts.path.rstrip("/") or "/"
    return method, parts.scheme, parts.netloc.lower(), path, frozenset(parse_qsl(parts.query))


class FakeNetwork:
    def __init__(self):
        self.routes: dict[tuple, list[dict]] = {}
        self.requests: list[httpx.Request] = []
        self.dns: dict[str, list[str]] = {}

    # Setting it up

    def github(self, repository: str) -> None:
        """Serve every recording of a repository ("pallets__click") at the URL it was made for."""
        for path in sorted((FIXTURES / repository).glob("*.json")):
            answer = json.loads(path.read_text())
            self.answer(answer["request"]["url"], answer)

    def answer(self, url: str, *answers: dict, method: str = "GET") -> None:
        """Answer `url` with these recordings in turn (the last one repeats)."""
        self.routes[_key(method, url)] = list(answers)

    def fail(self, url: str, failure: str, method: str = "GET") -> None:
        self.answer(url, recording(f"_failures/{failure}"), method=method)

    def page(self, url: str, status: int = 200, *, head: int | None = None, headers=None) -> None:
        """A web page answering GET with `status` and HEAD with `head` (default: the same)."""
        self.answer(url, {"status": status, "headers": headers or {}, "raw": ""})
        self.answer(url, {"status": head or status, "headers": headers or {}}, method="HEAD")

    def host(self, name: str, *addresses: str) -> None:
        self.dns[name] = list(addresses)

    # Being the network

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answers = self.routes.get(_key(request.method, str(request.url)))
        if not answers:
            raise httpx.ConnectError(f"nothing answers {request.method} {request.url}")
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        if "exception" in answer:
            error = getattr(httpx, answer["exception"]["class"])
            raise error(answer["exception"]["message"], request=request)
        if "raw" in answer:
            content = answer["raw"].encode()
        else:
            content = json.dumps(answer["body"]).encode() if "body" in answer else b""
        return httpx.Response(answer["status"], headers=answer["headers"], content=content)

    def getaddrinfo(self, host, port, *args, **kwargs):
        if host in self.dns:
            family = {True: socket.AF_INET6, False: socket.AF_INET}
            return [
                (family[":" in ip], socket.SOCK_STREAM, 6, "", (ip, port or 0))
                for ip in self.dns[host]
            ]
        if host == "localhost" or _is_ip(host):
            return REAL_GETADDRINFO(host, port, *args, **kwargs)
        raise socket.gaierror(socket.EAI_NONAME, f"{host} is not in the test DNS")

    def requested(self, method: str = "GET") -> list[str]:
        return [str(request.url) for request in self.requests if request.method == method]


def _is_ip(host: str) -> bool:
    try:
        socket.inet_pton(socket.AF_INET6 if ":" in host else socket.AF_INET, host)
    except OSError:
        return False
    return True
