"""HTTP API and web page over a collection: a thin adapter over the library, as the CLI is.

Modules: ``app`` (the FastAPI app and its middleware), ``routes``, ``service`` (state and cache
policy), ``cache`` (single-flight LRU, pre-encoded and pre-gzipped responses, ``If-None-Match``, the
fast path), ``worker`` (the brief and ingest processes), ``lifeline`` (workers die with the server),
``protocol`` (uvicorn's h11 protocol with a request deadline and a connection limit), ``source`` (the
collection as the server sees it), ``schema`` (request and response models, the OpenAPI document),
``errors`` (JSON errors), ``guard`` (security headers, Host, token, body limits, HEAD), ``options``.

Routes (API under ``/v1``, schema at ``/v1/openapi.json``)::

    GET  /healthz                         liveness and the collection's reachability
    POST /v1/articles                     ingest articles (bearer token when the server has one)
    GET  /v1/stories                      stories, newest first; ?q= ?since= ?until= ?limit= ?offset=
    GET  /v1/stories/{id}/brief           ?format=json|md|html
    POST /v1/brief                        an ad-hoc brief of the posted articles (token as above)
    GET  /  /stories/{id}  /brief         the web page (``newsbrief.web``), assets under /assets/

Request order of defence: the request deadline and connection limit (408, 503, in ``protocol``) →
trusted host (400) → token on writes and model work (401, from the headers, before the body is
read) → body size (413) → schema (422, naming the field) → the library. Every error is a JSON object ``{"error": {...}}``; a bug is a 500
with a one-line message and the traceback goes to the server log only.

Briefs are expensive (embedding on CPU) and deterministic, so each story's brief is rendered in
every format once and kept in memory under (story id, story version, words), where the version is a
hash of the story's title and article ids: a story that gains an article gets a new key, and the old
entry ages out of the LRU. Concurrent misses on one key share a single computation. The brief is
also kept in the collection file (``newsbrief.briefcache``), so a restarted server serves it at once.

Where the time goes, and why it is split this way:

- Model work (``make_brief``: embedding, spaCy) and API ingest (parsing, clustering) run in separate
  worker processes, with one BLAS and model thread and a lower CPU priority. In a server thread
  they would hold this process's GIL for long stretches and stall the event loop that answers
  everyone else.
- A story's article ids are read from SQLite (in a worker thread) and trusted for
  ``ServeOptions.story_ttl`` seconds: writes through this server are seen at once (for the stories
  they touch), writes by another process (``newsbrief ingest``) within that time.
- A story that gains articles keeps being served its previous brief (with that brief's ETag) while
  the new one is made in the background, so readers of a growing story never wait on the model.
- A GET for a brief that is already rendered, of a story whose ids are fresh, is answered by
  ``CachedBriefs`` before routing: pre-encoded bytes and headers, ETag/304, no validation models,
  no thread hop. Everything else goes through FastAPI as usual.
"""

from newsbrief.serve.app import create_app
from newsbrief.serve.cache import SingleFlightCache
from newsbrief.serve.errors import ApiError
from newsbrief.serve.options import ServeOptions
from newsbrief.serve.source import Collection, StoreCollection, StoryEntry, open_collection

__all__ = [
    "ApiError",
    "Collection",
    "ServeOptions",
    "SingleFlightCache",
    "StoreCollection",
    "StoryEntry",
    "create_app",
    "open_collection",
]
