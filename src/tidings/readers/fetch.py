"""Reading an http(s) URL: a feed, an HTML page or plain text, fetched with httpx.

``tidings ingest https://example.com/rss`` fetches the URL once (redirects
followed, ``ingest.fetch_timeout_seconds``, at most ``ingest.max_input_bytes``,
read in chunks so a huge or endless response is cut off rather than held), then
reads the body by what it is: a feed (by its content, whatever the server calls
it) through :func:`tidings.readers.feed.read_feed`, an HTML page through
:func:`tidings.extract.html.extract_html` with the final URL as the page's URL,
plain text as a dump.  Anything else, a failed connection, a timeout or an HTTP
error status refuses the input with a :class:`FetchError` naming the URL and why.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone

from ..errors import InputError, TooLarge
from ..extract.html import extract_html, outlet_of
from ..model import Article
from ..pipeline.report import RunReport
from .feed import SNIFF_BYTES, looks_like_feed, read_feed
from .text import decode_bytes, repair_text

__all__ = ["FetchError", "Fetched", "fetch", "is_url", "read_url"]

_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)


class FetchError(InputError):
    reason = "fetch failed"


def is_url(value: object) -> bool:
    """Whether ``value`` (a command-line argument) is an http(s) URL rather than a path."""
    return isinstance(value, str) and bool(_URL.match(value.strip()))


@dataclass(slots=True)
class Fetched:
    url: str  # after redirects
    data: bytes
    content_type: str  # media type, lower case, no parameters
    header: str  # the Content-Type header as sent (charset included)
    fetched: datetime  # naive UTC


def fetch(url: str, *, max_bytes: int, timeout: float = 20.0) -> Fetched:
    """GET ``url``; raises a FetchError (or TooLarge) with the reason when it cannot be had."""
    import httpx

    from .. import __version__

    headers = {"User-Agent": f"tidings/{__version__}",
               "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, "
                         "text/html;q=0.8, text/plain;q=0.5, */*;q=0.1"}
    try:
        with httpx.Client(timeout=timeout, follow_redirects=True, headers=headers) as client:
            with client.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise TooLarge(url, f"{int(declared) / 1e6:.1f} MB > limit {max_bytes / 1e6:.1f} MB; "
                                        "raise ingest.max_input_bytes to read it")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > max_bytes:
                        raise TooLarge(url, f"more than {max_bytes / 1e6:.1f} MB; raise "
                                            "ingest.max_input_bytes to read it")
                header = response.headers.get("content-type", "")
                final = str(response.url)
    except httpx.TimeoutException as exc:
        raise FetchError(url, f"timed out after {timeout:g} s ({type(exc).__name__})") from exc
    except httpx.TooManyRedirects as exc:
        raise FetchError(url, "too many redirects") from exc
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise FetchError(url, f"not a URL that can be fetched ({exc})") from exc
    except httpx.HTTPError as exc:  # connection refused, DNS, TLS, a broken response
        raise FetchError(url, f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__) from exc
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    return Fetched(final, bytes(body), header.split(";")[0].strip().lower(), header, now)


def read_url(url: str, report: RunReport, *, max_bytes: int, timeout: float = 20.0) -> Iterator[Article]:
    """The articles at ``url``: a feed's entries, a page, or a text dump."""
    got = fetch(url.strip(), max_bytes=max_bytes, timeout=timeout)
    head = got.data[:SNIFF_BYTES]
    if not got.data.strip():
        raise FetchError(url, f"empty response (HTTP 200, {got.content_type or 'no content type'})")
    if looks_like_feed(head) or got.content_type in _FEED_TYPES:
        yield from read_feed(got.data, source=url, fetched=got.fetched, report=report, url=got.url,
                             content_type=got.header or None, max_bytes=max_bytes)
    elif got.content_type in _HTML_TYPES or _HTML_START.match(head):
        yield extract_html(got.data, source=url, url=got.url, fetched=got.fetched)
    elif got.content_type.startswith("text/") or not got.content_type:
        text, encoding = decode_bytes(got.data, url)
        text, _ = repair_text(text)
        yield Article(source=url, raw=text, url=got.url, outlet=outlet_of(got.url), fetched=got.fetched)
    else:
        raise FetchError(url, f"not a feed, an HTML page or text ({got.content_type})")
