"""Real-browser helpers: Debian's Chromium driven by Playwright, sites served on loopback."""

from __future__ import annotations

import base64
import functools
import hashlib
import http.server
import re
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Page

PAGE_SIZE = 5  # results the search page shows at first (theme/overrides/assets/search.js)

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-default-apps", "--disable-quic"]


def chromium_path() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    assert Path(path).exists(), "Debian's chromium is not installed (scripts/test.sh installs it)"
    return path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


class _UnthrottledHandler(_QuietHandler):
    """Answers with a ``LinkChecker`` header: LinkChecker then drops its wait of 0.1 to 0.6 s
    between two requests to one host, kept for servers that have not said they can take more."""

    def end_headers(self) -> None:
        self.send_header("LinkChecker", "unthrottled")
        super().end_headers()


class _Server(http.server.ThreadingHTTPServer):
    request_queue_size = 64  # connections waiting to be taken: a page asks for a dozen files at once

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # the browser went elsewhere before the response was sent: not a fault
        super().handle_error(request, client_address)  # type: ignore[arg-type]


@contextmanager
def serve(site: Path, *, link_checker: bool = False) -> Iterator[str]:
    """The built site on 127.0.0.1, on a free port, for as long as the block runs; with
    ``link_checker``, telling LinkChecker it may send its requests without waiting."""
    handler = functools.partial(_UnthrottledHandler if link_checker else _QuietHandler, directory=str(site))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def search_results(page: Page, query: str) -> list[str]:
    """The search page's result links for ``query`` (documents, not their sections), best
    first, once its final message and the first page of results are in."""
    # Until the results are in, the message says it is searching for the query.
    page.wait_for_function(
        "q => { const m = document.querySelector('.pagefind-ui__message');"
        " return m && /^(\\d+ results?|No results) for /.test(m.textContent.trim()) && m.textContent.includes(q); }",
        arg=query)
    message = page.locator(".pagefind-ui__message").inner_text()
    found = re.match(r"(\d+) results? for", message)
    shown = min(int(found.group(1)), PAGE_SIZE) if found else 0
    # Each result's title arrives with its fragment, fetched after the count is shown.
    page.wait_for_function(
        "n => [...document.querySelectorAll('.pagefind-ui__result-title > a.pagefind-ui__result-link')]"
        ".filter(e => !e.closest('.pagefind-ui__result-nested')).length >= n", arg=shown)
    hrefs = page.locator(".pagefind-ui__result-title > a.pagefind-ui__result-link").evaluate_all(
        "els => els.filter(e => !e.closest('.pagefind-ui__result-nested')).map(e => e.getAttribute('href'))")
    return [urlsplit(h).path for h in hrefs]


class _Written(HTMLParser):
    """A page's Content-Security-Policy (its meta element's) and the scripts and style elements
    written in it that apply, as a browser's parser reads them: each one's text, in order, but
    a script's that is data; and the style attributes written in it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.policies: list[str] = []
        self.before_policy = 0
        self.written: dict[str, list[str]] = {"script": [], "style": []}
        self.style_attributes: list[str] = []
        self._open: tuple[str, dict[str, str | None]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if "style" in found:
            self.style_attributes.append(f"<{tag} style={found['style']!r}>")
        if tag == "meta" and found.get("http-equiv") == "Content-Security-Policy":
            self.policies.append(found["content"] or "")
        elif tag in self.written:
            self.before_policy += not self.policies
            self._open = (tag, found)
            self.written[tag].append("")

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self.written[self._open[0]][-1] += data

    def handle_endtag(self, tag: str) -> None:
        if self._open is not None and tag == self._open[0]:
            attrs = self._open[1]
            if tag == "script" and ("src" in attrs or attrs.get("type") == "application/json"):
                self.written[tag].pop()
            self._open = None


def stated_policy(html: str) -> tuple[str, list[str], list[str]]:
    """The policy ``html`` states, once and before any script or style element, with the digest
    of each script and style written in it taken out of its ``script-src`` and ``style-src``;
    and those digests, worked out here: the scripts', the styles'. There is no style attribute
    (the policy applies none)."""
    read = _Written()
    read.feed(html)
    assert len(read.policies) == 1 and read.before_policy == 0, (read.policies, read.before_policy)
    assert not read.style_attributes, read.style_attributes
    policy = read.policies[0]
    found = []
    for tag, texts in read.written.items():
        digests = list(dict.fromkeys(script_digest(text) for text in texts))
        for digest in digests:
            assert f" {digest} " in policy.split(f"{tag}-src")[1].split(";")[0] + " ", (tag, digest, policy)
            policy = policy.replace(f" {digest}", "", 1)
        found.append(digests)
    return policy, *found


def script_digest(text: str) -> str:
    """A script's or style's text as a policy names it: ``'sha256-…'``."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"
