"""Phones for the bare ceiling app: the same requests with the same answers as a real
run, without forms, tokens or templates."""

from __future__ import annotations

import asyncio
import time

import httpx

from .phone import Fields, Recorder
from .run import RunResult, _client


async def _bare_phone(
    client: httpx.AsyncClient, base: str, pages: list[Fields], rec: Recorder
) -> bool:
    async def call(method: str, path: str, data: dict[str, list[str]] | None = None) -> bool:
        began = time.perf_counter()
        try:
            reply = await client.request(method, base + path, data=data)
        except httpx.TransportError as error:
            rec.error(f"connection: {type(error).__name__}")
            return False
        rec.latencies.append(time.perf_counter() - began)
        if reply.status_code >= 400:
            rec.error(f"HTTP {reply.status_code}")
            return False
        return True

    # Mirrors the real flow: open the link, start, then each page's GET and POST, and
    # the page the redirect after each POST leads to.
    if not (await call("GET", "/bare/page") and await call("POST", "/bare/start")):
        return False
    if not await call("GET", "/bare/page"):
        return False
    for n, fields in enumerate(pages, start=1):
        data: dict[str, list[str]] = {}
        for name, value in fields:
            data.setdefault(name, []).append(value)
        if n == len(pages):
            data["final"] = ["1"]
        if not (await call("GET", "/bare/page") and await call("POST", "/bare/answers", data)):
            return False
    return await call("GET", "/bare/page")


def run_bare(base_url: str, real: RunResult) -> tuple[RunResult, list[bool]]:
    """Replay every acknowledged phone of ``real`` against the bare app, all at once."""
    recorder = Recorder()
    scripts = [r.pages for r in real.results if r.acknowledged]

    async def drive() -> list[bool]:
        async def one(pages: list[Fields]) -> bool:
            async with _client() as client:
                return await _bare_phone(client, base_url, pages, recorder)

        return list(await asyncio.gather(*(one(p) for p in scripts)))

    began = time.perf_counter()
    done = asyncio.run(drive())
    return RunResult(len(scripts), time.perf_counter() - began, recorder), done
