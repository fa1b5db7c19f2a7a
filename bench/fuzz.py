"""Fuzz `read` and `code` with broken versions of real articles: 0 tracebacks and 0 hangs expected.

Each case takes an article (from samples/ or --corpus), writes it in one of the input formats
(txt, jsonl, json array, csv, tsv, html, warc, jsonl.gz), damages the bytes (byte flips,
truncations, insertions of quotes, NULs, escape sequences, invalid UTF-8, deep brackets, long
lines, stray WARC or HTML headers) and sometimes gives the file an odd name (brackets,
non-ASCII, bytes that are not UTF-8). It then runs:
- `dotterel read FILE --format json` through the CLI's entry point (`dotterel.cli.main`), which
  must end without a traceback (exit 0; 1 only with a one-line user error);
- the `code` path: `dotterel.runner.run` (the function behind `dotterel code`) with one pipeline
  loaded once, into one DuckDB file, checking that the summary reconciles.
A case that raises (a traceback) or runs past --case-seconds (a hang) is saved under --out.

    python bench/fuzz.py --cases 2000 --seed 1 --out bench/out/fuzz
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import os
import random
import signal
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FORMATS = ("txt", "jsonl", "json", "csv", "tsv", "html", "warc", "jsonl.gz")
INSERTS = (
    b'"', b"'", b"\x00", b"\x1b[2J\x1b[H", b"\x9b31m", b"\xff\xfe", b"\xed\xa0\x80", b"\xc3", b"[" * 3000,
    b"{" * 3000, b'{"a":' * 1500, b"\r", b'\t"', b"\n\n\n", b"WARC/1.0\r\nWARC-Type: response\r\n",
    b"<html><body><p>", b"</p></div>", b"\\ud800", b'"published": "9999-12-31", ', b"0001-01-01",
    b"-5000", b"\xef\xbb\xbf", "\u202e".encode("utf-8"), b",,,,", b"\t\t\t",
)
ODD_NAMES = ("[red]x[red] é", "ñ (1) [2]", "sp ace", "q'uote\"", "semi;colon", "\u202eevil", "tab\there")


class Hang(BaseException):
    pass


@contextlib.contextmanager
def deadline(seconds: float):
    def on_alarm(signum, frame):
        raise Hang()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def load_articles(corpus: Path | None, limit: int = 500) -> list[tuple[str, str]]:
    """(title, text) of real articles: samples/*.txt, plus .txt files of --corpus when given."""
    folders = [ROOT / "samples"] + ([corpus] if corpus else [])
    out = []
    for folder in folders:
        for path in sorted(folder.rglob("*.txt"))[:limit]:
            lines = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
            if len(lines) > 1:
                out.append((lines[0].strip(), "\n".join(lines[1:]).strip()))
    return out


def render(fmt: str, title: str, text: str, rng: random.Random) -> bytes:
    """The article written in an input format, with metadata."""
    published = rng.choice(["2024-03-05", "5 March 2024", "Tue, 05 Mar 2024 10:00:00 GMT", ""])
    if fmt == "txt":
        return f"title: {title}\npublished: {published}\n\n{text}\n".encode()
    record = {"id": rng.randrange(10**6), "title": title, "published": published, "source": "Fuzz Wire", "text": text}
    if fmt in ("jsonl", "jsonl.gz"):
        data = (json.dumps(record) + "\n" + json.dumps(dict(record, text=text[::-1], id=1)) + "\n").encode()
        return gzip.compress(data) if fmt == "jsonl.gz" else data
    if fmt == "json":
        return json.dumps([record, dict(record, id=2)], indent=2).encode()
    if fmt in ("csv", "tsv"):
        import csv

        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t")
        writer.writerow(["id", "title", "published", "text"])
        writer.writerow([1, title, published, text])
        writer.writerow([2, title + " (2)", published, text[: len(text) // 2]])
        return buf.getvalue().encode()
    if fmt == "html":
        paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n") if p.strip())
        return (f"<html><head><title>{title}</title><meta name='date' content='{published}'></head>"
                f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>").encode()
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=rng.random() < 0.3)
    for i in range(2):
        body = f"<html><body><h1>{title}</h1><p>{text}</p></body></html>".encode()
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"http://example.org/{i}", "response",
                                                      payload=io.BytesIO(body), http_headers=http))
    return buf.getvalue()


def damage(data: bytes, rng: random.Random) -> tuple[bytes, list[str]]:
    """1-3 random byte flips, truncations or insertions."""
    done = []
    data = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(("flip", "truncate", "insert", "insert", "delete"))
        at = rng.randrange(len(data) + 1)
        if kind == "flip" and data:
            at = min(at, len(data) - 1)
            for i in range(rng.randint(1, 8)):
                if at + i < len(data):
                    data[at + i] ^= rng.randrange(1, 256)
        elif kind == "truncate":
            data = data[:at]
        elif kind == "delete":
            del data[at: at + rng.randint(1, 40)]
        else:
            piece = rng.choice(INSERTS) if rng.random() < 0.85 else bytes(rng.randrange(256) for _ in range(16))
            if rng.random() < 0.05:
                piece = b"a" * 300_000  # a long line
            data[at:at] = piece
        done.append(f"{kind}@{at}")
    return bytes(data), done


def file_name(index: int, fmt: str, rng: random.Random) -> bytes:
    base = f"case{index:05d}".encode()
    roll = rng.random()
    if roll < 0.1:
        base += b" " + rng.choice(ODD_NAMES).encode("utf-8")
    elif roll < 0.13:
        base += b"\xff\xfe"  # not UTF-8
    suffix = b"." + fmt.encode() if rng.random() < 0.9 else b""
    return base + suffix


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path, default=None, help="folder of .txt articles to damage too")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "fuzz")
    parser.add_argument("--case-seconds", type=float, default=60.0, help="a case running longer is a hang")
    parser.add_argument("--no-code", action="store_true", help="read only (no pipeline)")
    args = parser.parse_args(argv)
    result = fuzz(args.cases, args.seed, args.out, corpus=args.corpus, case_seconds=args.case_seconds,
                  code=not args.no_code)
    print(json.dumps(result, indent=2))
    return 0 if not result["tracebacks"] and not result["hangs"] else 1


def fuzz(cases: int, seed: int, out: Path, *, corpus: Path | None = None, case_seconds: float = 60.0,
         code: bool = True, pipeline: object = None) -> dict:
    """Run `cases` damaged inputs through read and code; return the counts."""
    from dotterel.cli import main as cli
    from dotterel.runner import run
    from dotterel.store import open_store

    rng = random.Random(seed)
    articles = load_articles(corpus)
    out.mkdir(parents=True, exist_ok=True)
    cases_dir = out / "cases"
    cases_dir.mkdir(exist_ok=True)
    if code and pipeline is None:
        from dotterel.pipeline import Pipeline

        pipeline = Pipeline()
    counts = {"cases": 0, "tracebacks": 0, "hangs": 0, "read_exit": {}, "code_failed_rows": 0,
              "code_articles": 0, "unbalanced": 0, "seconds": 0.0, "bad": []}
    started = time.perf_counter()
    store_cm = open_store(out / "fuzz.duckdb") if code else contextlib.nullcontext()
    with store_cm as store:
        for index in range(cases):
            fmt = rng.choice(FORMATS)
            title, text = rng.choice(articles)
            data, how = damage(render(fmt, title, text, rng), rng)
            path = os.path.join(os.fsencode(cases_dir), file_name(index, fmt, rng))
            with open(path, "wb") as fh:
                fh.write(data)
            shown = os.fsdecode(path)
            counts["cases"] += 1
            stage = "read"
            try:
                with deadline(case_seconds):
                    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
                        try:
                            cli(["read", shown, "--format", "json"])
                        except SystemExit as exc:
                            key = str(exc.code)
                            counts["read_exit"][key] = counts["read_exit"].get(key, 0) + 1
                    if "Traceback" in err.getvalue() or "unexpected" in err.getvalue():
                        raise RuntimeError(err.getvalue()[-500:])
                    if code:
                        stage = "code"
                        summary = run(pipeline, [shown], store)
                        counts["code_failed_rows"] += summary.failed + summary.skipped
                        counts["code_articles"] += summary.coded
                        counts["unbalanced"] += not summary.balanced
            except Hang:
                counts["hangs"] += 1
                counts["bad"].append({"case": shown, "stage": stage, "how": how, "error": "hang"})
                continue
            except Exception as exc:  # noqa: BLE001 - this is what the fuzzer counts
                counts["tracebacks"] += 1
                counts["bad"].append({"case": shown, "stage": stage, "how": how,
                                      "error": f"{type(exc).__name__}: {exc}"[:300],
                                      "trace": traceback.format_exc()[-1500:]})
                continue
            if not counts["bad"] or counts["bad"][-1]["case"] != shown:
                os.unlink(path)  # keep only the cases that went wrong
    counts["seconds"] = round(time.perf_counter() - started, 1)
    (out / "result.json").write_text(json.dumps(counts, indent=2))
    return counts


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())
