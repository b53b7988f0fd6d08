"""The shipped nginx configuration, run for real on loopback, in front of both built sites."""

from __future__ import annotations

import base64
import hashlib
import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, pages, start_on_a_free_port

PUBLIC_HOST, PARTIES_HOST = "headlines.example.org", "parties.headlines.example.org"
USER, PASSWORD = "party", "correct horse battery staple"
GREEN_TEXT = ["Veronica Asantewaa", "2,112,776", "Joey Manners", "SR118NU"]


CERTIFICATES = "/etc/letsencrypt/live/"
"""Where the shipped file names the certificates; the tests give one of their own, self-signed."""


@pytest.fixture(scope="module")
def nginx(shipped_sites: dict[str, Path], tmp_path_factory: pytest.TempPathFactory):
    """The shipped file in a real nginx on loopback: its HTTPS port, its plain HTTP port, and
    the certificate it presents (for both names, which the client trusts alone)."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(binary).exists(), "nginx is not installed (scripts/test.sh installs it)"
    work = tmp_path_factory.mktemp("nginx")
    salt = os.urandom(8)
    digest = base64.b64encode(hashlib.sha1(PASSWORD.encode() + salt).digest() + salt).decode()
    (work / "htpasswd").write_text(f"{USER}:{{SSHA}}{digest}\n")
    (work / "acme/.well-known/acme-challenge").mkdir(parents=True)
    (work / "acme/.well-known/acme-challenge/token").write_text("token.thumbprint")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-days", "2", "-subj", f"/CN={PUBLIC_HOST}", "-addext",
                    f"subjectAltName=DNS:{PUBLIC_HOST},DNS:{PARTIES_HOST}",
                    "-keyout", str(work / "key.pem"), "-out", str(work / "cert.pem")], check=True, capture_output=True)
    # The SEC Parties site as the deploy leaves it: parties a link to the release served. In the
    # release, a link to a file elsewhere (which nginx must not follow).
    release = work / "host/releases/20261206T120000.000000000Z"
    shutil.copytree(shipped_sites["sec-parties"], release)
    (release / "elsewhere.html").symlink_to(shipped_sites["public"] / "about/index.html")
    (work / "host/parties").symlink_to(release.relative_to(work / "host"))
    shipped = (ROOT / "deploy" / "nginx" / "headlines.conf").read_text()
    site = (shipped.replace("/srv/headlines/public", str(shipped_sites["public"]))
            .replace("/srv/headlines/parties", str(work / "host/parties"))
            .replace("/etc/nginx/headlines-parties.htpasswd", str(work / "htpasswd"))
            .replace("/var/www/acme", str(work / "acme")))
    site = re.sub(re.escape(CERTIFICATES) + r"[^/;]+/fullchain\.pem", str(work / "cert.pem"), site)
    site = re.sub(re.escape(CERTIFICATES) + r"[^/;]+/privkey\.pem", str(work / "key.pem"), site)
    directives = [line for line in site.splitlines() if not line.lstrip().startswith("#")]
    assert site.count("listen 80;") == 1 and site.count("listen 443 ssl;") == 2, site
    assert not any(place in line for line in directives for place in ("/srv/", "/etc/", "/var/www/")), site
    (work / "nginx.conf").write_text(f"""
user root;
daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/headlines.conf;
}}
""")
    plain = {}

    def start(port: int) -> subprocess.Popen:
        with socket.socket() as sock:  # the plain port: taken meanwhile, nginx says so, and starts again
            sock.bind(("127.0.0.1", 0))
            plain["port"] = sock.getsockname()[1]
        (work / "headlines.conf").write_text(site.replace("listen 443 ssl;", f"listen 127.0.0.1:{port} ssl;")
                                             .replace("listen 80;", f"listen 127.0.0.1:{plain['port']};"))
        (work / "nginx.pid").unlink(missing_ok=True)
        return subprocess.Popen([binary, "-c", str(work / "nginx.conf"), "-p", str(work)],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    # nginx writes its pid file once its ports are bound.
    port, process = start_on_a_free_port(start, (work / "nginx.pid").exists,
                                         lambda stopped: stopped.stdout.read().decode(), timeout=10)
    socket.create_connection(("127.0.0.1", port), timeout=5).close()
    yield Nginx(port, plain["port"], work / "cert.pem")
    process.terminate()
    process.wait(timeout=10)


@dataclass(frozen=True)
class Nginx:
    port: int
    plain_port: int
    certificate: Path


class _Loopback(http.client.HTTPSConnection):
    """HTTPS to nginx on loopback, as a browser asking for ``host``: its name sent in the TLS
    handshake (SNI) and in the Host header, and the certificate checked against it."""

    def __init__(self, host: str, server: Nginx) -> None:
        super().__init__(host, server.port, timeout=5,
                         context=ssl.create_default_context(cafile=str(server.certificate)))

    def connect(self) -> None:
        self.sock = self._context.wrap_socket(socket.create_connection(("127.0.0.1", self.port), self.timeout),
                                              server_hostname=self.host)


def request(server: Nginx, host: str, path: str, auth: tuple[str, str] | None = None) -> http.client.HTTPResponse:
    """One GET over HTTPS, its body read (``response.body``)."""
    conn = _Loopback(host, server)
    conn.putrequest("GET", path, skip_accept_encoding=True)
    if auth:
        conn.putheader("Authorization", "Basic " + base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode())
    conn.endheaders()
    response = conn.getresponse()
    response.body = response.read().decode("utf-8", errors="replace")  # type: ignore[attr-defined]
    conn.close()
    return response


def get(server: Nginx, host: str, path: str, auth: tuple[str, str] | None = None) -> tuple[int, str]:
    response = request(server, host, path, auth)
    return response.status, response.body  # type: ignore[attr-defined]


def _urls(site: Path) -> list[str]:
    return ["/" + p.relative_to(site).as_posix().removesuffix("index.html") for p in pages(site)]


def test_public_pages_answer_200(nginx: Nginx, shipped_sites: dict[str, Path]) -> None:
    urls = _urls(shipped_sites["public"])
    assert len(urls) > 10
    for url in urls:
        status, body = get(nginx, PUBLIC_HOST, url)
        assert status == 200, url
        assert not any(text in body for text in GREEN_TEXT), url


@pytest.mark.parametrize(("path", "kind"), [
    ("/", "text/html"), ("/papers/opsg/2021/opsg-49-2405-03/", "text/html"), ("/404.html", "text/html"),
    ("/assets/headlines.css", "text/css"), ("/assets/tables.js", "application/javascript"),
    ("/calendar.ics", "text/calendar"), ("/data.json", "application/json"), ("/feed.xml", "text/xml"),
    ("/sitemap.xml", "text/xml")])
def test_each_kind_of_file_goes_out_with_its_type(nginx: Nginx, path: str, kind: str) -> None:
    """With ``nosniff`` a browser takes a file for what its type says: a page sent as
    application/octet-stream is downloaded, not shown. (A ``types`` block in the server once
    replaced the whole map of types, and every page went out so.)"""
    hosts = [(PARTIES_HOST, (USER, PASSWORD))] + ([] if path.startswith("/papers/") else [(PUBLIC_HOST, None)])
    for host, auth in hosts:
        response = request(nginx, host, path, auth)
        assert response.status == 200, (host, path)
        assert (response.getheader("Content-Type") or "").split(";")[0] == kind, (host, path)
        assert response.getheader("X-Content-Type-Options") == "nosniff"


def test_a_missing_address_at_any_depth_answers_404_with_the_not_found_page_whole(nginx: Nginx) -> None:
    """nginx answers a missing address with the not-found page at that address (no redirect),
    however deep: the page's styles, scripts and links name the site's root, so they load and
    lead from there too (relative to /meetings/opsg/2021/missing/, none would)."""
    for host, auth in ((PUBLIC_HOST, None), (PARTIES_HOST, (USER, PASSWORD))):
        status, body = get(nginx, host, "/meetings/opsg/2021/missing/page/", auth)
        assert status == 404 and "Search the archive" in body, (host, status)
        files = set(re.findall(r'<(?:link|script)\b[^>]*?\b(?:href|src)="([^"]+)"', body))
        assert len([f for f in files if f.endswith((".css", ".js"))]) >= 4, files
        for file in files:
            assert file.startswith("/") and get(nginx, host, file, auth)[0] == 200, (host, file)


def test_every_parties_page_needs_a_login(nginx: Nginx, shipped_sites: dict[str, Path]) -> None:
    for url in _urls(shipped_sites["sec-parties"]) + ["/no-such-page/", "/calendar.ics", "/pagefind/pagefind-entry.json", "/search/"]:
        status, body = get(nginx, PARTIES_HOST, url)
        assert status == 401, url
        assert not any(text in body for text in GREEN_TEXT)
        assert get(nginx, PARTIES_HOST, url, (USER, "wrong password"))[0] == 401
        assert get(nginx, PARTIES_HOST, url, ("someone", PASSWORD))[0] == 401
    for url in _urls(shipped_sites["sec-parties"]):
        status, _ = get(nginx, PARTIES_HOST, url, (USER, PASSWORD))
        assert status == 200, url
    status, body = get(nginx, PARTIES_HOST, "/papers/opsg/2021/opsg-49-2405-03/", (USER, PASSWORD))
    assert status == 200 and "2,112,776" in body


def test_no_public_url_serves_green_content(nginx: Nginx, shipped_sites: dict[str, Path]) -> None:
    for url in _urls(shipped_sites["sec-parties"]):
        status, body = get(nginx, PUBLIC_HOST, url)
        assert status in (200, 404), url
        assert not any(text in body for text in GREEN_TEXT), url


def test_the_sec_parties_site_is_served_through_its_release_link_and_no_link_within(nginx: Nginx) -> None:
    """The deploy points parties at the release it serves (a link, swapped in one step): nginx
    serves through it. A link inside a site is still not followed, so a file put there cannot
    bring in one from elsewhere on the host."""
    status, body = get(nginx, PARTIES_HOST, "/about/", (USER, PASSWORD))
    assert status == 200 and "About this site" in body
    status, body = get(nginx, PARTIES_HOST, "/elsewhere.html", (USER, PASSWORD))
    assert status in (403, 404) and "About this site" not in body, (status, body[:200])


@pytest.mark.parametrize("path", [
    "/../parties/index.html", "/%2e%2e/parties/index.html", "/..%2fparties/index.html",
    "/%2E%2E%2Fparties%2Findex.html", "/.%2e/parties/", "//parties/index.html", "/public/../parties/",
    "/PAPERS/opsg/2021/opsg-49-2405-03/", "/papers/opsg/2021/OPSG-49-2405-03/", "/papers/opsg/2021/opsg-49-2405-03/",
    "/meetings/opsg/2020/opsg-35x/", "/actions/index.html%00.html", "/.git/config", "/..;/parties/",
    "/pagefind/../../parties/pagefind/pagefind-entry.json",
])
def test_path_tricks_reach_nothing_extra(nginx: Nginx, path: str) -> None:
    status, body = get(nginx, PUBLIC_HOST, path)
    assert status in (400, 404), (path, status)
    assert not any(text in body for text in GREEN_TEXT), path
    status, body = get(nginx, PARTIES_HOST, path)
    assert status in (400, 401), (path, status)
    assert not any(text in body for text in GREEN_TEXT), path


def plain_get(server: Nginx, host: str, path: str) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", server.plain_port, timeout=5)
    conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
    conn.putheader("Host", host)
    conn.endheaders()
    response = conn.getresponse()
    response.body = response.read().decode("utf-8", errors="replace")  # type: ignore[attr-defined]
    conn.close()
    return response


def test_plain_http_sends_every_request_on_to_https_before_any_password(
        nginx: Nginx, shipped_sites: dict[str, Path]) -> None:
    """A password typed over plain HTTP, and the GREEN pages it opens, would cross the network
    in clear: port 80 answers every page of both sites, each path as asked, with the same
    address over HTTPS, and asks for no password."""
    for host, site in ((PUBLIC_HOST, "public"), (PARTIES_HOST, "sec-parties")):
        for url in [*_urls(shipped_sites[site]), "/no-such-page/?q=1", "/.git/config"]:
            response = plain_get(nginx, host, url)
            assert response.status == 301, (host, url, response.status)
            assert response.getheader("Location") == f"https://{host}{url}", (host, url)
            assert response.getheader("WWW-Authenticate") is None
            assert not any(text in response.body for text in GREEN_TEXT), url  # type: ignore[attr-defined]


def test_plain_http_answers_only_a_certificate_authoritys_challenge(nginx: Nginx) -> None:
    """Certificates are renewed over port 80 (Let's Encrypt's HTTP-01): its challenge is
    served from a folder of its own, and nothing of either site is."""
    for host in (PUBLIC_HOST, PARTIES_HOST):
        response = plain_get(nginx, host, "/.well-known/acme-challenge/token")
        assert (response.status, response.body) == (200, "token.thumbprint")  # type: ignore[attr-defined]
        for path in ("/.well-known/acme-challenge/../../index.html", "/.well-known/acme-challenge/index.html",
                     "/.well-known/acme-challenge/%2e%2e/%2e%2e/papers/opsg/2021/opsg-49-2405-03/"):
            response = plain_get(nginx, host, path)
            assert response.status in (301, 400, 404), (host, path, response.status)
            assert not any(text in response.body for text in GREEN_TEXT), path  # type: ignore[attr-defined]


def test_https_tells_browsers_to_use_nothing_else_and_no_site_to_frame_its_pages(nginx: Nginx) -> None:
    for host, auth in ((PUBLIC_HOST, None), (PARTIES_HOST, None), (PARTIES_HOST, (USER, PASSWORD))):
        for path in ("/", "/calendar.ics", "/no-such-page/"):
            response = request(nginx, host, path, auth)
            assert response.status in (200, 401, 404)
            assert response.getheader("Strict-Transport-Security") == "max-age=31536000", (host, path, auth)
            assert response.getheader("Content-Security-Policy") == "frame-ancestors 'none'", (host, path, auth)
            assert response.getheader("X-Frame-Options") == "DENY", (host, path, auth)
            assert response.getheader("Permissions-Policy") == ("camera=(), microphone=(), geolocation=(), "
                                                                "payment=(), usb=()"), (host, path, auth)
            # The SEC Parties site's files are for its own pages: no other site's page loads one.
            isolated = "same-origin" if host == PARTIES_HOST else None
            assert response.getheader("Cross-Origin-Resource-Policy") == isolated, (host, path, auth)
            assert response.getheader("Cross-Origin-Opener-Policy") == isolated, (host, path, auth)
