"""A small HTTP peer that speaks the part of the Elasticsearch REST API the Elasticsearch backend uses.

No Elasticsearch server can run where these tests run, so this one stands in at the HTTP level: a real server
on 127.0.0.1 that the real elasticsearch-py client talks to. It records every request (method, path, query
parameters, JSON or NDJSON body) so a test can read exactly what the backend sent, keeps indices, aliases and
documents so the backend's steps have their effect (an alias moves, a document is stored), and answers searches
with the answer a test gives it (it does not evaluate queries: Elasticsearch's own behaviour is not under test).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

__all__ = ["Index", "Peer", "Request"]

_SHARDS = {"total": 1, "successful": 1, "skipped": 0, "failed": 0}


@dataclass
class Request:
    method: str
    path: str
    params: dict[str, str]
    body: Any  # parsed JSON, a list of parsed NDJSON lines (bulk), or None


@dataclass
class Index:
    body: dict = field(default_factory=dict)  # what created it (settings, mappings)
    aliases: set[str] = field(default_factory=set)
    docs: dict[str, dict] = field(default_factory=dict)
    settings: list[dict] = field(default_factory=list)  # settings updates, in order


class Peer:
    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.indices: dict[str, Index] = {}
        self.search_answer: dict | None = None  # what a search returns (None: every document, unscored)
        self.fail: dict[str, tuple[int, dict]] = {}  # "METHOD path-start" -> (status, body) answered instead
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)

    def __enter__(self) -> Peer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- what tests read -----------------------------------------------------------------------------------

    def calls(self) -> list[str]:
        """«METHOD /path» of each request, in order."""
        return [f"{request.method} {request.path}" for request in self.requests]

    def last(self, method: str, path_end: str) -> Request:
        return next(r for r in reversed(self.requests) if r.method == method and r.path.endswith(path_end))

    def alias_targets(self, alias: str) -> list[str]:
        return sorted(name for name, index in self.indices.items() if alias in index.aliases)

    # --- the API -------------------------------------------------------------------------------------------

    def resolve(self, name: str) -> list[str]:
        if name in self.indices:
            return [name]
        return self.alias_targets(name)

    def answer(self, method: str, path: str, params: dict, body: Any) -> tuple[int, Any]:
        parts = [unquote(part) for part in path.strip("/").split("/")] if path.strip("/") else []
        for key, failure in self.fail.items():
            fail_method, _, start = key.partition(" ")
            if method == fail_method and path.startswith(start):
                return failure
        if not parts:
            return 200, {"name": "peer", "cluster_name": "qanun-test", "version": {"number": "8.19.0"}}
        if parts[0] == "_alias" and len(parts) == 2:
            targets = self.alias_targets(parts[1])
            if not targets:
                return 404, {"error": f"alias [{parts[1]}] missing", "status": 404}
            return 200, {name: {"aliases": {parts[1]: {}}} for name in targets}
        if parts[0] == "_aliases" and method == "POST":
            for action in body["actions"]:
                ((kind, spec),) = action.items()
                if kind == "add":
                    self.indices[spec["index"]].aliases.add(spec["alias"])
                elif kind == "remove":
                    self.indices[spec["index"]].aliases.discard(spec["alias"])
                elif kind == "remove_index":
                    del self.indices[spec["index"]]
            return 200, {"acknowledged": True}
        if parts[:2] == ["_search", "scroll"]:  # a scroll's next page (every document came in the first)
            if method == "DELETE":
                return 200, {"succeeded": True, "num_freed": 1}
            return 200, {"_scroll_id": "peer", "_shards": _SHARDS, "hits": {"total": {"value": 0}, "hits": []}}
        if parts[0] == "_bulk":
            return 200, self.bulk(body)
        name = parts[0]
        if len(parts) == 1:
            if method == "HEAD":
                return (200 if name in self.indices else 404), None
            if method == "PUT":
                if name in self.indices:
                    error = {"type": "resource_already_exists_exception", "reason": f"index [{name}] exists"}
                    return 400, {"error": {**error, "root_cause": [error]}, "status": 400}
                self.indices[name] = Index(body=body or {}, aliases=set((body or {}).get("aliases", {})))
                return 200, {"acknowledged": True, "index": name}
            if method == "DELETE":
                if name not in self.indices:
                    return 404, {"error": {"type": "index_not_found_exception", "reason": name}, "status": 404}
                del self.indices[name]
                return 200, {"acknowledged": True}
        if parts[1] == "_search" and self.search_answer is not None:
            return 200, self.search_answer
        targets = self.resolve(name)
        if not targets:
            error = {"type": "index_not_found_exception", "reason": f"no such index [{name}]"}
            return 404, {"error": {**error, "root_cause": [error]}, "status": 404}
        action = parts[1]
        if action == "_settings":
            self.indices[targets[0]].settings.append(body)
            return 200, {"acknowledged": True}
        if action == "_refresh":
            return 200, {"_shards": {"total": 1, "successful": 1, "failed": 0}}
        if action == "_alias":
            self.indices[targets[0]].aliases.add(parts[2])
            return 200, {"acknowledged": True}
        if action == "_doc":
            doc = self.indices[targets[0]].docs.get(parts[2])
            if doc is None:
                return 404, {"_index": targets[0], "_id": parts[2], "found": False}
            return 200, {"_index": targets[0], "_id": parts[2], "found": True, "_source": doc}
        if action == "_search":
            docs = [(index, key, doc) for index in targets for key, doc in self.indices[index].docs.items()]
            hits = [{"_index": index, "_id": key, "_score": None, "_source": doc} for index, key, doc in docs]
            answer = {
                "took": 1,
                "timed_out": False,
                "_shards": _SHARDS,
                "hits": {"total": {"value": len(hits)}, "hits": hits},
            }
            if "scroll" in params:
                answer["_scroll_id"] = "peer"
            return 200, answer
        return 400, {"error": f"the peer does not know {method} {path}", "status": 400}

    def bulk(self, lines: list[dict]) -> dict:
        items = []
        position = 0
        while position < len(lines):
            ((op, meta),) = lines[position].items()
            targets = self.resolve(meta["_index"])
            if op == "index":
                source = lines[position + 1]
                position += 2
                if not targets:
                    items.append({op: {"_id": meta["_id"], "status": 404}})
                    continue
                self.indices[targets[0]].docs[meta["_id"]] = source
                items.append({op: {"_index": targets[0], "_id": meta["_id"], "status": 201, "result": "created"}})
            else:
                position += 1
                found = bool(targets) and self.indices[targets[0]].docs.pop(meta["_id"], None) is not None
                items.append({op: {"_id": meta["_id"], "status": 200 if found else 404}})
        return {"took": 1, "errors": any(item[next(iter(item))]["status"] >= 300 for item in items), "items": items}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        peer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def handle_any(self) -> None:
                split = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode() if length else ""
                if split.path.endswith("/_bulk"):
                    body: Any = [json.loads(line) for line in raw.splitlines() if line.strip()]
                else:
                    body = json.loads(raw) if raw else None
                with peer.lock:
                    peer.requests.append(Request(self.command, unquote(split.path), dict(parse_qsl(split.query)), body))
                    status, answer = peer.answer(self.command, split.path, dict(parse_qsl(split.query)), body)
                data = b"" if answer is None else json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.send_header("Content-Type", "application/vnd.elasticsearch+json;compatible-with=8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = handle_any

        return Handler
