"""Whether a link answers: the live demo on submission, and portfolio links every month.

The address comes from a learner, so the check must never become a way to reach this
server's own network (SSRF): only http and https, and every host is resolved and refused when
any of its addresses is not public (loopback, RFC 1918, link-local, carrier-grade NAT,
reserved). The check runs twice: before each request, including every redirect, and again
when the socket connects, on the very address it connects to, so a DNS answer that changes
in between (DNS rebinding) cannot slip through."""

import functools
import ipaddress
import socket
from dataclasses import asdict, dataclass

import httpcore
import httpx

TIMEOUT = httpx.Timeout(10.0, connect=5.0)
MAX_REDIRECTS = 5
# Servers that refuse HEAD often answer these instead of the page; GET tells the truth.
HEAD_NOT_SUPPORTED = {400, 403, 404, 405, 501}


class RefusedAddress(Exception):
    """The link points at an address the checks must not reach."""


@dataclass(frozen=True)
class LinkAnswer:
    url: str
    answers: bool  # a status below 400
    status: int | None = None  # the final status, after redirects
    problem: str = ""  # why it does not answer, in words

    @property
    def inconclusive(self) -> bool:
        """A 429 says "not now", not "gone": it counts neither as working nor as broken."""
        return self.status == 429

    def as_dict(self) -> dict:
        return asdict(self)


def public_address(host: str, port: int) -> str:
    """The address to connect to for `host`; RefusedAddress when any of its addresses is not
    public (a name that resolves to both is refused: the answer may rotate)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise httpx.ConnectError(f"{host} could not be found") from error
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    if not all(map(is_public, addresses)):
        raise RefusedAddress(f"{host} is a private or local address")
    return str(addresses[0])


NAT64 = ipaddress.ip_network("64:ff9b::/96")


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """A unicast address on the public internet; IPv6 forms that carry an IPv4 address
    (mapped, 6to4, NAT64) are judged by the IPv4 address they carry."""
    if address.version == 6:
        embedded = address.ipv4_mapped or address.sixtofour
        if address in NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public(embedded)
    return address.is_global and not address.is_multicast


class PublicOnlyBackend(httpcore.SyncBackend):
    """httpcore's socket backend, connecting only to the public address it resolved itself."""

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        return super().connect_tcp(
            public_address(host, port), port, timeout, local_address, socket_options
        )


@functools.cache
def _ssl_context():
    # Loading the certificate authorities takes tens of milliseconds: once per process.
    return httpx.create_ssl_context()


class PublicOnlyTransport(httpx.HTTPTransport):
    def __init__(self):
        super().__init__(verify=_ssl_context())
        # httpx builds its connection pool without a way to choose the network backend; this
        # pool is the one it would build, with the backend that refuses private addresses.
        # tests/portfolio/test_link_checks.py fails if a new httpx stops using it.
        self._pool = httpcore.ConnectionPool(
            ssl_context=_ssl_context(), network_backend=PublicOnlyBackend()
        )


def _refuse_private(request: httpx.Request) -> None:
    if request.url.scheme not in ("http", "https"):
        raise RefusedAddress("only http and https links are checked")
    public_address(request.url.host, request.url.port or 443)


def link_check(url: str) -> LinkAnswer:
    """Does `url` answer? HEAD first (no body to download), then GET when HEAD is refused."""
    try:
        with httpx.Client(
            transport=PublicOnlyTransport(),
            timeout=TIMEOUT,
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            trust_env=False,
            headers={"User-Agent": "Roadmap-link-check"},
            event_hooks={"request": [_refuse_private]},
        ) as client:
            status = client.head(url).status_code
            if status in HEAD_NOT_SUPPORTED:
                # Only the status line and headers: the body is never read.
                with client.stream("GET", url) as response:
                    status = response.status_code
    except RefusedAddress as refused:
        return LinkAnswer(url, False, problem=f"not checked: {refused}")
    except httpx.TimeoutException:
        return LinkAnswer(url, False, problem="no answer within 10 seconds")
    except httpx.TooManyRedirects:
        return LinkAnswer(url, False, problem=f"more than {MAX_REDIRECTS} redirects")
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        return LinkAnswer(url, False, problem=f"unreachable ({error})")
    problem = "" if status < 400 else f"answers with an error ({status})"
    return LinkAnswer(url, status < 400, status, problem)
