"""The long fuzz run: `python -m tests.fuzz --minutes 30 [--seed N] [--out FOLDER]`.

Draws inputs from every generator in turn (generated JSON/JSONC/JSON5, Codex TOML, mutated
generated files, mutated corpus files, `str` buffers, and every 50th input through the real CLI),
checks the invariants, and prints how many inputs were tried, how many crashed (an exception or
`internal-error`) and how many broke another invariant. Each failing input is saved in the output
folder as `<n>.bin` with `<n>.txt` (its path and violations); reproduce one with

    python -c "from tests.fuzz import check_invariants; import sys; \
print(check_invariants(open(sys.argv[1], 'rb').read(), sys.argv[2]))" FILE PATH
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from .invariants import check_cli_invariants, check_invariants, check_text_invariants
from .strategies import (
    corpus_case,
    corpus_files,
    generated_mutant_case,
    json_case,
    text_case,
    toml_case,
)

CRASH_WORDS = ("raised", "internal error", "internal-error", "exit 2")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--out", default="fuzz-failures", help="folder for failing inputs")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    rng = random.Random(seed)
    out = Path(args.out)
    files = corpus_files()
    print(f"seed {seed}; corpus files: {len(files) or 'none (corpus absent)'}", flush=True)
    deadline = time.monotonic() + args.minutes * 60
    tried = crashes = broken = 0
    kinds: Counter[str] = Counter()
    with tempfile.TemporaryDirectory(prefix="mcplint-fuzz-") as tmp:
        while time.monotonic() < deadline:
            tried += 1
            generator = rng.choice(("json", "toml", "mutant", "corpus", "text"))
            if generator == "corpus" and not files:
                generator = "mutant"
            path = ""
            if generator == "text":
                text, path = text_case(rng)
                data = text.encode("utf-8", "surrogatepass")
                violations = check_text_invariants(text, path)
            else:
                if generator == "json":
                    data, path = json_case(rng)
                elif generator == "toml":
                    data, path = toml_case(rng)
                elif generator == "mutant":
                    data, path = generated_mutant_case(rng)
                else:
                    data, path = corpus_case(rng, files)
                violations = check_invariants(data, path)
                if tried % 50 == 0:
                    violations += check_cli_invariants(data, path, Path(tmp) / str(tried))
            if violations:
                crash = any(w in v for v in violations for w in CRASH_WORDS)
                crashes += crash
                broken += not crash
                for v in violations:
                    kinds[v.splitlines()[0][:90]] += 1
                _save(out, tried, data, path, generator, violations)
            if tried % 200 == 0:
                print(f"  {tried} inputs, {crashes} crashes, {broken} violations", flush=True)
    print(f"inputs tried: {tried}\ncrashes: {crashes}\nother violations: {broken}")
    if kinds:
        print(f"failing inputs saved in {out}/; the most common violations:")
        for what, n in kinds.most_common(15):
            print(f"  {n:5}  {what}")
    return 1 if crashes or broken else 0


def _save(out: Path, n: int, data: bytes, path: str, generator: str, violations: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{n}.bin").write_bytes(data)
    report = f"path: {path}\ngenerator: {generator}\n\n" + "\n\n".join(violations) + "\n"
    (out / f"{n}.txt").write_text(report, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
