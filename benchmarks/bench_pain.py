"""Speed of pain matching: ``python benchmarks/bench_pain.py [--repeat N]``.

Measures, as medians over N runs: loading the lexicon (first call), matching every description of the
evaluation set with an empty word cache (each word is new) and with a warm cache (words seen before),
and the ``finder pain`` command start-up to result in a fresh interpreter.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import tomli

ROOT = Path(__file__).resolve().parent.parent


def _texts() -> list[str]:
    with (ROOT / "tests" / "data" / "pain_eval.toml").open("rb") as handle:
        return [case["text"] for case in tomli.load(handle)["case"]]


def _load_ms() -> float:
    code = (
        "import time; t = time.perf_counter(); "
        "from finder.clinical.pain import match_pain; match_pain('zona'); "
        "print((time.perf_counter() - t) * 1000)"
    )
    return float(
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    )


def _per_description_ms(texts: list[str], cold: bool) -> float:
    from finder.clinical import pain

    pain.match_pain("warm up")
    if cold:
        pain._word_keys.cache_clear()
    start = time.perf_counter()
    for text in texts:
        pain.match_pain(text)
    return (time.perf_counter() - start) / len(texts) * 1000


def _command_ms() -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "finder", "pain", "--json", "brûlures des pieds, diabétique"],
        capture_output=True,
        check=False,
    )
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    texts = _texts()
    rows = [
        ("import + lexicon load + first match (fresh process)", [_load_ms() for _ in range(args.repeat)]),
        (
            f"match, cold word cache, per description (n={len(texts)})",
            [_per_description_ms(texts, True) for _ in range(args.repeat)],
        ),
        (
            f"match, warm word cache, per description (n={len(texts)})",
            [_per_description_ms(texts, False) for _ in range(args.repeat)],
        ),
        (
            "`python -m finder pain --json ...` end to end",
            [_command_ms() for _ in range(max(3, args.repeat // 3))],
        ),
    ]
    for label, values in rows:
        median = statistics.median(values)
        spread = f"min {min(values):.3f}, max {max(values):.3f}, runs {len(values)}"
        print(f"{label:<62} median {median:8.3f} ms  ({spread})")


if __name__ == "__main__":
    main()
