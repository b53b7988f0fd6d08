"""The shipped nginx configuration, run for real on loopback, in front of both built sites."""

from __future__ import annotations

import base64
import hashlib
import http.client
import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, pages, start_on_a_free_port

PUBLIC_HOST, PARTIES_HOST = "headlines.example.org", "parties.headlines.example.org"
USER, PASSWORD = "party", "correct horse battery staple"
GREEN_TEXT = ["Veronica Asantewaa", "2,112,776", "Joey Manners", "SR118NU"]


@pytest.fixture(scope="module")
def nginx(shipped_sites: dict[str, Path], tmp_path_factory: pytest.TempPathFactory):
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(binary).exists(), "nginx is not installed (scripts/test.sh installs it)"
    work = tmp_path_factory.mktemp("nginx")
    salt = os.urandom(8)
    digest = base64.b64encode(hashlib.sha1(PASSWORD.encode() + salt).digest() + salt).decode()
    (work / "htpasswd").write_text(f"{USER}:{{SSHA}}{digest}\n")
    shipped = (ROOT / "deploy" / "nginx" / "headlines.conf").read_text()
    site = (shipped.replace("/srv/headlines/public", str(shipped_sites["public"]))
            .replace("/srv/headlines/parties", str(shipped_sites["sec-parties"]))
            .replace("/etc/nginx/headlines-parties.htpasswd", str(work / "htpasswd")))
    directives = [line for line in site.splitlines() if not line.lstrip().startswith("#")]
    assert site.count("listen 80;") == 2 and not any("/srv/" in line for line in directives)
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
    def start(port: int) -> subprocess.Popen:
        (work / "headlines.conf").write_text(site.replace("listen 80;", f"listen 127.0.0.1:{port};"))
        (work / "nginx.pid").unlink(missing_ok=True)
        return subprocess.Popen([binary, "-c", str(work / "nginx.conf"), "-p", str(work)],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    # nginx writes its pid file once its port is bound.
    port, process = start_on_a_free_port(start, (work / "nginx.pid").exists,
                                         lambda stopped: stopped.stdout.read().decode(), timeout=10)
    socket.create_connection(("127.0.0.1", port), timeout=5).close()
    yield port
    process.terminate()
    process.wait(timeout=10)


def get(port: int, host: str, path: str, auth: tuple[str, str] | None = None) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    headers = {"Host": host}
    if auth:
        headers["Authorization"] = "Basic " + base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
    conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
    for name, value in headers.items():
        conn.putheader(name, value)
    conn.endheaders()
    response = conn.getresponse()
    body = response.read().decode("utf-8", errors="replace")
    conn.close()
    return response.status, body


def _urls(site: Path) -> list[str]:
    return ["/" + p.relative_to(site).as_posix().removesuffix("index.html") for p in pages(site)]


def test_public_pages_answer_200(nginx: int, shipped_sites: dict[str, Path]) -> None:
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
def test_each_kind_of_file_goes_out_with_its_type(nginx: int, path: str, kind: str) -> None:
    """With ``nosniff`` a browser takes a file for what its type says: a page sent as
    application/octet-stream is downloaded, not shown. (A ``types`` block in the server once
    replaced the whole map of types, and every page went out so.)"""
    hosts = [(PARTIES_HOST, (USER, PASSWORD))] + ([] if path.startswith("/papers/") else [(PUBLIC_HOST, None)])
    for host, auth in hosts:
        conn = http.client.HTTPConnection("127.0.0.1", nginx, timeout=5)
        headers = {"Host": host}
        if auth:
            headers["Authorization"] = "Basic " + base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        conn.close()
        assert response.status == 200, (host, path)
        assert (response.getheader("Content-Type") or "").split(";")[0] == kind, (host, path)
        assert response.getheader("X-Content-Type-Options") == "nosniff"


def test_every_parties_page_needs_a_login(nginx: int, shipped_sites: dict[str, Path]) -> None:
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


def test_no_public_url_serves_green_content(nginx: int, shipped_sites: dict[str, Path]) -> None:
    for url in _urls(shipped_sites["sec-parties"]):
        status, body = get(nginx, PUBLIC_HOST, url)
        assert status in (200, 404), url
        assert not any(text in body for text in GREEN_TEXT), url


@pytest.mark.parametrize("path", [
    "/../parties/index.html", "/%2e%2e/parties/index.html", "/..%2fparties/index.html",
    "/%2E%2E%2Fparties%2Findex.html", "/.%2e/parties/", "//parties/index.html", "/public/../parties/",
    "/PAPERS/opsg/2021/opsg-49-2405-03/", "/papers/opsg/2021/OPSG-49-2405-03/", "/papers/opsg/2021/opsg-49-2405-03/",
    "/meetings/opsg/2020/opsg-35x/", "/actions/index.html%00.html", "/.git/config", "/..;/parties/",
    "/pagefind/../../parties/pagefind/pagefind-entry.json",
])
def test_path_tricks_reach_nothing_extra(nginx: int, path: str) -> None:
    status, body = get(nginx, PUBLIC_HOST, path)
    assert status in (400, 404), (path, status)
    assert not any(text in body for text in GREEN_TEXT), path
    status, body = get(nginx, PARTIES_HOST, path)
    assert status in (400, 401), (path, status)
    assert not any(text in body for text in GREEN_TEXT), path
