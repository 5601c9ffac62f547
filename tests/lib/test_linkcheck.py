"""The link checker against its own server on 127.0.0.1: what a working, missing, looping, slow,
huge or refused link gives; private addresses and reserved names are never contacted."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from ita_portal.lib import linkcheck
from ita_portal.lib.linkcheck import Policy, check_url, check_urls, is_public_address

from .localserver import serve

# How long past its deadline a check may take to notice it (a read started just before it).
DEADLINE_MARGIN_SECONDS = 3.0
LOCAL = Policy(timeout=1.0, max_redirects=3, max_bytes=64 * 1024, allow_private=True)


@pytest.fixture(scope="module")
def server():
    with serve() as (base, state):
        yield base, state


def test_a_working_page_gives_200_its_type_and_timing(server):
    base, _ = server
    result = check_url(f"{base}/o1", LOCAL)
    assert result.ok and result.error == ""
    assert result.status_code == 200
    assert result.content_type == "text/html; charset=utf-8"
    assert result.final_url == f"{base}/o1"
    assert result.tls_valid is None  # plain HTTP: no certificate to judge
    assert 0 <= result.response_ms < 1000
    assert result.checked_at.tzinfo is not None


def test_a_missing_page_is_broken_with_its_status(server):
    base, _ = server
    result = check_url(f"{base}/missing", LOCAL)
    assert not result.ok
    assert (result.status_code, result.error) == (404, linkcheck.HTTP_STATUS)
    assert result.message == "เว็บไซต์ตอบรหัส 404"


def test_a_redirect_loop_is_stopped(server):
    base, state = server
    before = len(state.requests)
    result = check_url(f"{base}/loop", LOCAL)
    assert not result.ok and result.error == linkcheck.REDIRECT_LOOP
    assert len(state.requests) - before == 1


def test_a_long_redirect_chain_stops_at_the_limit(server):
    base, state = server
    before = len(state.requests)
    result = check_url(f"{base}/hop/1", LOCAL)
    assert not result.ok and result.error == linkcheck.TOO_MANY_REDIRECTS
    assert result.redirects == LOCAL.max_redirects
    assert len(state.requests) - before == LOCAL.max_redirects + 1


def test_a_redirect_target_is_checked_again_against_the_rules(server, monkeypatch):
    base, _ = server
    looked_up = []
    real = socket.getaddrinfo
    monkeypatch.setattr(
        socket, "getaddrinfo", lambda host, *a, **k: looked_up.append(host) or real(host, *a, **k)
    )
    result = check_url(f"{base}/to-invalid", LOCAL)
    assert not result.ok and result.error == linkcheck.RESERVED_NAME
    assert result.redirects == 1
    assert result.final_url == "http://evidence.invalid/o1"
    assert looked_up == ["127.0.0.1"]


def test_a_slow_page_times_out_within_the_limit(server):
    base, _ = server
    result = check_url(f"{base}/slow", LOCAL)
    assert not result.ok and result.error == linkcheck.TIMEOUT
    assert result.response_ms < 1500


def check_in_a_thread(url: str, policy: Policy) -> linkcheck.LinkResult:
    """Run the check in a thread; fail the test if it outlives its deadline by a margin."""
    results: list[linkcheck.LinkResult] = []
    thread = threading.Thread(target=lambda: results.append(check_url(url, policy)), daemon=True)
    thread.start()
    thread.join(timeout=policy.timeout + DEADLINE_MARGIN_SECONDS)
    if thread.is_alive():
        pytest.fail(f"the check of {url} was still running after its {policy.timeout} s deadline")
    return results[0]


@pytest.mark.parametrize("path", ["/drip-headers", "/drip-body"])
def test_a_server_dripping_one_byte_a_second_is_cut_at_the_deadline(server, path):
    base, _ = server
    result = check_in_a_thread(f"{base}{path}", replace(LOCAL, timeout=2.0))
    assert not result.ok and result.error == linkcheck.TIMEOUT
    assert result.message == linkcheck.MESSAGES[linkcheck.TIMEOUT]


def test_a_name_lookup_that_never_answers_is_cut_at_the_deadline(monkeypatch):
    release = threading.Event()

    def hanging_lookup(*args, **kwargs):
        release.wait(30)  # a resolver that does not answer (released when the test ends)
        raise socket.gaierror("no answer")  # and never a real lookup

    monkeypatch.setattr(socket, "getaddrinfo", hanging_lookup)
    try:
        result = check_in_a_thread("https://www.example.go.th/", LOCAL)
    finally:
        release.set()
    assert not result.ok and result.error == linkcheck.TIMEOUT


def test_a_batch_ends_within_its_budget_and_leaves_the_rest_unfetched(server):
    base, state = server
    urls = [f"{base}/drip-body?n={n}" for n in range(4)]
    results: list[list[linkcheck.LinkResult]] = []
    thread = threading.Thread(
        target=lambda: results.append(check_urls(urls, LOCAL, workers=1, budget=2.0)), daemon=True
    )
    before = len(state.requests)
    thread.start()
    thread.join(timeout=2.0 + DEADLINE_MARGIN_SECONDS)
    if thread.is_alive():
        pytest.fail("a batch of checks with a 2 s budget was still running")
    # The first check (1 s timeout) times out; the second is cut at the budget; none is left.
    assert [r.error for r in results[0]] == [linkcheck.TIMEOUT] * len(results[0])
    assert 1 <= len(results[0]) < len(urls)
    assert len(state.requests) - before == len(results[0])


def test_a_huge_body_is_read_only_up_to_the_cap(server):
    base, _ = server
    result = check_url(f"{base}/big", LOCAL)
    assert result.ok and result.status_code == 200
    assert result.truncated and result.bytes_read == LOCAL.max_bytes
    declared = check_url(f"{base}/big-declared", LOCAL)
    assert declared.ok and declared.truncated and declared.bytes_read == 0


def test_loopback_is_refused_when_private_addresses_are_not_allowed(server):
    base, state = server
    before = len(state.requests)
    result = check_url(f"{base}/o1", Policy(timeout=1.0))
    assert not result.ok and result.error == linkcheck.PRIVATE_ADDRESS
    assert result.status_code is None
    assert len(state.requests) == before  # nothing reached the server


@pytest.mark.parametrize(
    "url",
    [
        "https://evidence.invalid/o1",
        "http://www.example/",
        "http://agency.test/ita",
        "http://localhost/",
        "http://portal.localhost./",
    ],
)
def test_a_reserved_name_is_invalid_without_any_lookup(url, monkeypatch):
    def no_lookup(*args, **kwargs):
        pytest.fail(f"DNS lookup for {args[0]}")

    monkeypatch.setattr(socket, "getaddrinfo", no_lookup)
    result = check_url(url, LOCAL)
    assert not result.ok and result.error == linkcheck.RESERVED_NAME


@pytest.mark.parametrize(
    "url", ["ftp://example.org/x", "javascript:alert(1)", "http://", "https://a:99999/", "O1"]
)
def test_what_is_not_an_http_link_is_invalid(url):
    result = check_url(url, LOCAL)
    assert not result.ok and result.error == linkcheck.INVALID_URL


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2001:4860:4860::8888", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("224.0.0.1", False),
        ("0.0.0.0", False),
        ("240.0.0.1", False),
        ("::1", False),
        ("fe80::1%2", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:8.8.8.8", True),
    ],
)
def test_address_rules(address, public):
    assert is_public_address(address) is public


def test_a_thai_path_is_sent_percent_encoded(server):
    base, state = server
    result = check_url(f"{base}/ita/ข้อมูลพื้นฐาน?ปี=2566", LOCAL)
    assert result.ok
    assert state.requests[-1].startswith("/ita/%E0%B8%82")
    assert "?%E0%B8%9B%E0%B8%B5=2566" in state.requests[-1]


def test_parallel_checks_stay_within_the_bound_and_keep_the_order(server):
    base, state = server
    wait_until_idle(state)  # the slow and huge answers of earlier tests may still be running
    state.max_active, state.delay = 0, 0.05
    try:
        urls = [f"{base}/item/{n}" for n in range(20)] + [f"{base}/missing", f"{base}/item/0"]
        results = check_urls(urls, LOCAL, workers=4)
    finally:
        state.delay = 0.0
    assert [r.url for r in results] == urls[:-1]  # the repeated URL is checked once
    assert [r.ok for r in results] == [True] * 20 + [False]
    # A server thread ends just after its client has read the answer, so the server may
    # briefly count one request more than the four the checker has in flight.
    assert 1 < state.max_active <= 4 + 1


def wait_until_idle(state, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while state.active and time.monotonic() < deadline:
        time.sleep(0.02)
    assert state.active == 0


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )
    return cert, key


def test_an_untrusted_certificate_is_reported_and_the_page_still_read(self_signed):
    with serve(tls_files=self_signed) as (base, state):
        result = check_url(f"{base}/o1", LOCAL)
    assert result.status_code == 200
    assert result.tls_valid is False
    assert not result.ok and result.error == linkcheck.TLS_INVALID
    assert state.requests == ["/o1"]  # the failed handshake sent no request
