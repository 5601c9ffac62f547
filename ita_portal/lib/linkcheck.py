"""Does a link work? Fetch it with a timeout, few redirects and a size cap, and say what happened.

Imports no app. Safe to point at addresses typed by users:
- only http and https;
- names under the reserved top-level domains (.invalid .example .test .localhost) are refused
  before any DNS lookup;
- each host name is resolved once and the connection goes to that very address, so a second
  lookup cannot answer differently (DNS rebinding); addresses in private, loopback, link-local,
  multicast and reserved ranges are refused unless the policy allows them (tests, local demo);
- every redirect target goes through the same rules again;
- one deadline bounds the whole check: the name lookup, each connection and TLS handshake, each
  redirect, the headers and the body. Every read of the socket is given only the time left, so a
  site that answers one byte a second cannot stretch a check past Policy.timeout.
check_urls runs a bounded number of checks in parallel threads.
"""

from __future__ import annotations

import datetime as dt
import http.client
import io
import ipaddress
import logging
import queue
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from urllib.parse import quote, urljoin, urlsplit

logger = logging.getLogger(__name__)

RESERVED_TLDS = ("invalid", "example", "test", "localhost")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CHUNK = 64 * 1024
# Characters left as they are when a pasted URL is made ASCII (existing %XX escapes included).
SAFE_PATH = "/%:@!$&'()*+,;=-._~"
SAFE_QUERY = SAFE_PATH + "?"

INVALID_URL = "invalid_url"
RESERVED_NAME = "reserved_name"
DNS_ERROR = "dns_error"
PRIVATE_ADDRESS = "private_address"
CONNECTION_ERROR = "connection_error"
TIMEOUT = "timeout"
TLS_INVALID = "tls_invalid"
TLS_ERROR = "tls_error"
TOO_MANY_REDIRECTS = "too_many_redirects"
REDIRECT_LOOP = "redirect_loop"
HTTP_STATUS = "http_status"
HTTP_ERROR = "http_error"

MESSAGES = {
    INVALID_URL: "ที่อยู่ลิงก์ไม่ถูกต้อง (ต้องขึ้นต้นด้วย http:// หรือ https://)",
    RESERVED_NAME: "ชื่อโดเมนนี้สงวนไว้สำหรับตัวอย่างหรือการทดสอบ (.invalid .example .test .localhost) เปิดจากภายนอกไม่ได้",
    DNS_ERROR: "ไม่พบชื่อโดเมนนี้ในระบบ DNS",
    PRIVATE_ADDRESS: "ลิงก์ชี้ไปยังเครือข่ายภายในหรือที่อยู่สงวน ระบบไม่ตรวจให้ และผู้ประเมินภายนอกเปิดไม่ได้",
    CONNECTION_ERROR: "เชื่อมต่อเว็บไซต์ไม่ได้",
    TIMEOUT: "เว็บไซต์ไม่ตอบภายในเวลาที่กำหนด",
    TLS_INVALID: "ใบรับรองความปลอดภัย (HTTPS) ของเว็บไซต์ไม่ถูกต้องหรือหมดอายุ",
    TLS_ERROR: "เชื่อมต่อแบบ HTTPS ไม่สำเร็จ",
    TOO_MANY_REDIRECTS: "ลิงก์เปลี่ยนเส้นทาง (redirect) หลายครั้งเกินกำหนด",
    REDIRECT_LOOP: "ลิงก์เปลี่ยนเส้นทาง (redirect) วนกลับมาที่เดิม",
    HTTP_STATUS: "เว็บไซต์ตอบรหัส {status}",
    HTTP_ERROR: "เว็บไซต์ตอบกลับไม่เป็นไปตามมาตรฐาน HTTP",
}


@dataclass(frozen=True)
class Policy:
    timeout: float = 10.0  # seconds for the whole check, redirects and body included
    max_redirects: int = 5
    max_bytes: int = 2 * 1024 * 1024  # body bytes read at most; a longer body is cut, not failed
    allow_private: bool = False
    user_agent: str = "ITA-Portal-LinkCheck/1.0"


@dataclass(frozen=True)
class LinkResult:
    url: str
    ok: bool
    error: str = ""  # one of the codes above; "" when the link works
    status_code: int | None = None
    final_url: str = ""
    content_type: str = ""
    response_ms: int | None = None
    tls_valid: bool | None = None  # None: no HTTPS on the way
    redirects: int = 0
    bytes_read: int = 0
    truncated: bool = False
    checked_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    @property
    def message(self) -> str:
        """What went wrong, in Thai ("" when nothing did)."""
        return MESSAGES.get(self.error, self.error).format(status=self.status_code)


class Refused(Exception):
    """The check stops here: code says why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # ASCII (IDNA) host name or address literal
    port: int
    path: str  # ASCII request target: path and query

    @property
    def is_https(self) -> bool:
        return self.scheme == "https"


@dataclass
class Hop:
    status: int
    location: str | None
    content_type: str
    bytes_read: int = 0
    truncated: bool = False
    tls_valid: bool | None = None


def parse_target(url: str) -> Target:
    """The parts of an http(s) URL needed to fetch it, or Refused(INVALID_URL)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
        host = (parts.hostname or "").rstrip(".")
        if parts.scheme not in ("http", "https") or not host:
            raise ValueError(url)
        ascii_host = host if _is_address(host) else host.encode("idna").decode("ascii")
    except (ValueError, UnicodeError) as exc:
        raise Refused(INVALID_URL) from exc
    path = quote(parts.path or "/", safe=SAFE_PATH)
    if parts.query:
        path += "?" + quote(parts.query, safe=SAFE_QUERY)
    default = 443 if parts.scheme == "https" else 80
    return Target(parts.scheme, ascii_host.lower(), port or default, path)


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def is_reserved_name(host: str) -> bool:
    """A name under a top-level domain reserved by RFC 2606/6761 (or one of those names itself)."""
    name = host.lower().rstrip(".")
    return any(name == tld or name.endswith("." + tld) for tld in RESERVED_TLDS)


def is_public_address(text: str) -> bool:
    """Globally reachable unicast: not private, loopback, link-local, multicast or reserved."""
    ip = ipaddress.ip_address(text.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1 (Python 3.11 does not say so itself)
    return ip.is_global and not (
        ip.is_multicast
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_unspecified
        or ip.is_private
    )


def _lookup(target: Target, deadline: float) -> list:
    """getaddrinfo within the deadline: it has no timeout of its own, so it runs in a thread of
    its own that is left to finish (or not) when the time is up. An address literal needs no
    resolver and is read at once."""
    if _is_address(target.host):
        return socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    answer: queue.Queue[tuple[list | None, BaseException | None]] = queue.Queue(maxsize=1)

    def look_up() -> None:
        try:
            answer.put(
                (socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM), None)
            )
        except BaseException as exc:  # handed to the checking thread, which raises it
            answer.put((None, exc))

    threading.Thread(target=look_up, name="linkcheck-dns", daemon=True).start()
    try:
        infos, error = answer.get(timeout=_remaining(deadline))
    except queue.Empty:
        raise Refused(TIMEOUT) from None
    if error is not None:
        raise error
    return infos or []


def resolve(target: Target, policy: Policy, deadline: float) -> tuple[int, tuple]:
    """(family, socket address) to connect to: one lookup, checked against the address rules."""
    if is_reserved_name(target.host):
        raise Refused(RESERVED_NAME)
    try:
        infos = _lookup(target, deadline)
    except (socket.gaierror, UnicodeError) as exc:
        raise Refused(DNS_ERROR) from exc
    if not infos:
        raise Refused(DNS_ERROR)
    family, _, _, _, sockaddr = infos[0]
    if not policy.allow_private and not is_public_address(str(sockaddr[0])):
        raise Refused(PRIVATE_ADDRESS)
    return family, sockaddr


class _DeadlineReader(io.RawIOBase):
    """A socket's bytes, each read allowed only the time left before the deadline.

    http.client reads headers and body through a buffered file over the socket, and a buffered
    read waits for all the bytes it asked for: a socket timeout alone bounds each wait for a byte,
    never their sum. Here every wait is bounded by what is left of the whole check.
    """

    def __init__(self, owner: _DeadlineSocket):
        super().__init__()
        self._owner = owner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        sock = self._owner.sock
        sock.settimeout(_socket_time_left(self._owner.deadline))
        return sock.recv_into(buffer)

    def close(self) -> None:
        if not self.closed:
            super().close()
            self._owner.file_closed()


class _DeadlineSocket:
    """The socket as http.client sees it: writes and reads bounded by the check's deadline.

    As with socket.makefile, the socket itself closes only once the connection and every file
    made from it are closed (http.client closes the connection before the body of an answer
    that ends the connection is read).
    """

    def __init__(self, sock: socket.socket, deadline: float):
        self.sock = sock
        self.deadline = deadline
        self._files = 0
        self._closing = False

    def makefile(self, mode: str = "rb", *_args: object, **_kwargs: object) -> io.BufferedReader:
        self._files += 1
        return io.BufferedReader(_DeadlineReader(self))

    def sendall(self, data: bytes) -> None:
        self.sock.settimeout(_socket_time_left(self.deadline))
        self.sock.sendall(data)

    def file_closed(self) -> None:
        self._files -= 1
        if self._closing and self._files <= 0:
            self.sock.close()

    def close(self) -> None:
        self._closing = True
        if self._files <= 0:
            self.sock.close()


def _socket_time_left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("the link check's deadline has passed")
    return left


class PinnedConnection(http.client.HTTPConnection):
    """An HTTP(S) connection to an address resolved beforehand; the host name is used only for
    the Host header, TLS server name and certificate check. Everything it does on the network
    ends by the deadline (a time.monotonic() value)."""

    def __init__(
        self,
        target: Target,
        address: tuple[int, tuple],
        deadline: float,
        tls: ssl.SSLContext | None,
    ):
        super().__init__(target.host, target.port, timeout=_remaining(deadline))
        self.default_port = 443 if tls is not None else 80  # Host header omits the default port
        self._address = address
        self._tls = tls
        self._deadline = deadline

    def connect(self) -> None:
        family, sockaddr = self._address
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.settimeout(_socket_time_left(self._deadline))
            sock.connect(sockaddr)
            if self._tls is not None:
                # The handshake as a whole is bounded by the socket's timeout (ssl's own deadline).
                sock.settimeout(_socket_time_left(self._deadline))
                sock = self._tls.wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise
        self.sock = _DeadlineSocket(sock, self._deadline)


def _tls_context(verify: bool) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if not verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise Refused(TIMEOUT)
    return left


def _read_capped(response: http.client.HTTPResponse, hop: Hop, policy: Policy) -> None:
    """Read at most max_bytes of the body (the connection's deadline bounds every read); note
    whether it was cut."""
    length = response.getheader("Content-Length")
    if length and length.isdigit() and int(length) > policy.max_bytes:
        hop.truncated = True
        return
    while hop.bytes_read <= policy.max_bytes:
        chunk = response.read(min(CHUNK, policy.max_bytes + 1 - hop.bytes_read))
        if not chunk:
            return
        hop.bytes_read += len(chunk)
    hop.truncated = True
    hop.bytes_read = policy.max_bytes


def fetch_once(
    target: Target,
    address: tuple[int, tuple],
    policy: Policy,
    deadline: float,
    *,
    verify: bool = True,
) -> Hop:
    """One GET to the pinned address; a body is read (capped) only when it is not a redirect."""
    tls = _tls_context(verify) if target.is_https else None
    connection = PinnedConnection(target, address, deadline, tls)
    response: http.client.HTTPResponse | None = None
    try:
        connection.request(
            "GET",
            target.path,
            headers={"User-Agent": policy.user_agent, "Accept": "*/*", "Connection": "close"},
        )
        response = connection.getresponse()
        hop = Hop(
            status=response.status,
            location=response.getheader("Location"),
            content_type=response.getheader("Content-Type", ""),
            tls_valid=(verify if target.is_https else None),
        )
        if hop.status not in REDIRECT_STATUSES:
            _read_capped(response, hop, policy)
        return hop
    finally:
        if response is not None:
            response.close()
        connection.close()


def fetch_hop(target: Target, policy: Policy, deadline: float) -> Hop:
    """Fetch one address; an HTTPS certificate that fails is noted and the page fetched anyway."""
    address = resolve(target, policy, deadline)
    try:
        return _translate_errors(lambda: fetch_once(target, address, policy, deadline))
    except Refused as refused:
        if refused.code != TLS_INVALID:
            raise
    return _translate_errors(lambda: fetch_once(target, address, policy, deadline, verify=False))


def _translate_errors(call: Callable[[], Hop]) -> Hop:
    """Network failures as the codes above."""
    try:
        return call()
    except ssl.SSLCertVerificationError as exc:
        raise Refused(TLS_INVALID) from exc
    except ssl.SSLError as exc:
        raise Refused(TLS_ERROR) from exc
    except TimeoutError as exc:  # socket.timeout
        raise Refused(TIMEOUT) from exc
    except http.client.HTTPException as exc:
        code = CONNECTION_ERROR if isinstance(exc, http.client.RemoteDisconnected) else HTTP_ERROR
        raise Refused(code) from exc
    except OSError as exc:
        raise Refused(CONNECTION_ERROR) from exc


def check_url(url: str, policy: Policy | None = None, not_after: float | None = None) -> LinkResult:
    """Follow url (and its redirects, each checked again) and say whether it works; the check
    ends policy.timeout seconds after it starts, or at not_after (time.monotonic()) if sooner."""
    policy = policy or Policy()
    started = time.monotonic()
    deadline = started + policy.timeout
    if not_after is not None:
        deadline = min(deadline, not_after)
    result = LinkResult(url=url, ok=False, final_url=url)
    seen: set[str] = set()
    current = url
    try:
        while True:
            target = parse_target(current)
            if current in seen:
                raise Refused(REDIRECT_LOOP)
            seen.add(current)
            hop = fetch_hop(target, policy, deadline)
            result = _merge(result, current, hop)
            if hop.status not in REDIRECT_STATUSES or not hop.location:
                break
            if result.redirects >= policy.max_redirects:
                raise Refused(TOO_MANY_REDIRECTS)
            result = replace(result, redirects=result.redirects + 1)
            current = urljoin(current, hop.location)
        ok = hop.status < 400 and result.tls_valid is not False
        error = "" if ok else (TLS_INVALID if hop.status < 400 else HTTP_STATUS)
        result = replace(result, ok=ok, error=error)
    except Refused as refused:
        result = replace(result, ok=False, error=refused.code, final_url=current)
    result = replace(result, response_ms=round((time.monotonic() - started) * 1000))
    logger.debug("link checked: %s -> %s %s", url, result.status_code, result.error or "ok")
    return result


def _merge(result: LinkResult, url: str, hop: Hop) -> LinkResult:
    tls_valid = result.tls_valid
    if hop.tls_valid is not None:
        tls_valid = hop.tls_valid if tls_valid is None else (tls_valid and hop.tls_valid)
    return replace(
        result,
        status_code=hop.status,
        final_url=url,
        content_type=hop.content_type,
        tls_valid=tls_valid,
        bytes_read=hop.bytes_read,
        truncated=hop.truncated,
    )


def check_urls(
    urls: Iterable[str],
    policy: Policy | None = None,
    workers: int = 8,
    budget: float | None = None,
) -> list[LinkResult]:
    """Check each distinct URL once, at most `workers` at a time; results in the order given.

    With a budget (seconds) everything ends within it: checks running then are cut (TIMEOUT)
    and the URLs not started are left out of the results (not fetched at all).
    """
    unique = list(dict.fromkeys(urls))
    if not unique:
        return []
    not_after = None if budget is None else time.monotonic() + budget

    def check(url: str) -> LinkResult | None:
        if not_after is not None and time.monotonic() >= not_after:
            return None
        return check_url(url, policy, not_after)

    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(unique)))) as pool:
        return [result for result in pool.map(check, unique) if result is not None]
