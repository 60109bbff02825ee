"""Fetch web pages given as URLs (httpx): a few at a time, with timeouts, a size cap and redirects.

Each URL gives a ``Fetched`` (the final URL after redirects, the body bytes, the content type) or a
``Skip`` whose message is one line naming the URL and what went wrong ("404 Not Found", "timed
out", "cannot connect"), so the caller logs it and goes on with the other inputs.

Requests identify themselves as "newsbrief/<version>" (sites block anonymous clients, and an
operator should be able to tell who is fetching); proxies from the environment are honoured.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from newsbrief import __version__
from newsbrief.decode import http_charset
from newsbrief.skip import Skip

USER_AGENT = f"newsbrief/{__version__} (+https://pypi.org/project/newsbrief/)"
TIMEOUT_S = 20.0  # per connect / read / write / pool step, not per page
MAX_REDIRECTS = 5
CONCURRENCY = 4  # a few at once: polite to one site, and most briefs cite a handful of outlets
_URL = re.compile(r"https?://\S+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Fetched:
    """One fetched page: ``url`` is where it was found after redirects."""

    url: str
    body: bytes
    content_type: str  # the media type, lower-case, without parameters ("" when not given)
    charset: str = ""  # the Content-Type header's charset parameter, as written ("" when not given)


def is_url(item: str) -> bool:
    """Whether a command-line input is a web address (http or https) rather than a path."""
    return _URL.fullmatch(item) is not None


def fetch_pages(
    urls: Sequence[str],
    *,
    max_bytes: int,
    timeout_s: float = TIMEOUT_S,
    concurrency: int = CONCURRENCY,
) -> list[Fetched | Skip]:
    """Fetch every URL, ``concurrency`` at a time; results in the order of ``urls``.

    A body longer than ``max_bytes`` is a ``Skip`` (the download stops there). Never raises for a
    network or HTTP problem: each is the URL's ``Skip``. Cost: network time; memory is at most
    ``concurrency`` bodies.
    """
    import httpx  # imported here: only URL input needs it

    with httpx.Client(
        headers={"User-Agent": USER_AGENT},
        timeout=httpx.Timeout(timeout_s),
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
    ) as client:
        if len(urls) <= 1:
            return [_fetch(client, url, max_bytes, timeout_s) for url in urls]
        with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
            return list(pool.map(lambda url: _fetch(client, url, max_bytes, timeout_s), urls))


def _fetch(client: Any, url: str, max_bytes: int, timeout_s: float) -> Fetched | Skip:
    import httpx

    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                return Skip(f"{response.status_code} {response.reason_phrase}".strip()).at(url)
            if response.status_code != 200:
                return Skip(f"HTTP {response.status_code} {response.reason_phrase}, no page".strip()).at(url)
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                return Skip(f"page is {int(declared):,} bytes, over the {max_bytes:,} limit").at(url)
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > max_bytes:
                    return Skip(f"page is over the {max_bytes:,}-byte limit").at(url)
            header = response.headers.get("Content-Type", "")
            kind = header.split(";")[0].strip().lower()
            return Fetched(
                url=str(response.url), body=bytes(body), content_type=kind, charset=http_charset(header)
            )
    except httpx.TooManyRedirects:
        return Skip(f"more than {MAX_REDIRECTS} redirects").at(url)
    except httpx.TimeoutException:
        return Skip(f"timed out (no answer within {timeout_s:g} s)").at(url)
    except httpx.ConnectError as exc:
        return Skip(f"cannot connect ({exc})").at(url)
    except (httpx.HTTPError, httpx.InvalidURL) as exc:  # protocol errors, bad URLs, decoding errors
        return Skip(f"{type(exc).__name__}: {exc}").at(url)
