"""Speed of the assistant, measured through Textual's pilot harness (headless, no terminal needed).

- start-up: from spawning a fresh interpreter to the first question ready for input (the answer field
  focused), the interpreter's own start included; target under 1.5 s.
- per answer: handling one answer (validation, state, view update) and the time until the screen has
  settled, in a warm app; target under 50 ms median for the handling.
- route: from the last answer to the route on screen, the first screen update that draws the route's
  steps (what the user waits for; target under 200 ms), and until the app has settled (the footer,
  the hidden tabs and idle work done after that first picture).

Run: ``python benchmarks/bench_tui.py [--runs N]``; ``--screenshot docs/screenshot-route.svg`` also
saves the README's picture of the route screen (shipped directory, 120x40).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
from pathlib import Path

# What a user answers, step by step (the shipped directory; Saint-Étienne has an rTMS-capable centre).
CONVERSATION = {
    "pain": "douleur du bras depuis son AVC, brûlures",
    "alerts": "none",
    "category": "1",
    "dn4_mode": "3",
    "months": "12",
    "intensity": "7",
    "treatments_tried": ("pregabalin", "tricyclic"),
    "treatments": "prégabaline, amitriptyline",
    "refractory": "oui",
    "age": "adulte",
    "place": "Saint-Étienne",
    "radius": "100",
    "screening": (),
}

STARTUP_PROBE = """
import asyncio
from finder.tui.app import FinderApp
from textual.widgets import Input

async def main():
    app = FinderApp()
    async with app.run_test(size=(80, 24)) as pilot:
        while app.focused is not app.query_one("#answer", Input):
            await pilot.pause()
        print("READY", flush=True)

asyncio.run(main())
"""


def startup_seconds() -> float:
    start = time.perf_counter()
    with subprocess.Popen([sys.executable, "-c", STARTUP_PROBE], stdout=subprocess.PIPE, text=True) as child:
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith("READY"):
                elapsed = time.perf_counter() - start
                break
        else:
            raise RuntimeError("the app never became ready")
        child.wait()
    return elapsed


async def conversation_timings(
    screenshot: Path | None = None,
) -> tuple[list[float], list[float], float, float, float]:
    """(handling times, settle times, route painted, route settled, CPU time until the route is
    painted) of one whole conversation, in seconds."""
    from finder.tui.app import FinderApp
    from finder.tui.conversation import Conversation

    app = FinderApp()
    handling: list[float] = []
    settling: list[float] = []
    painted: list[float] = []
    painted_cpu: list[float] = []  # CPU time of the process: what a shared, loaded machine does not blur
    display = app._display

    def timed_display(screen, renderable) -> None:  # type: ignore[no-untyped-def]
        """Notes the first screen update that draws the route's steps (headless: nothing is written)."""
        display(screen, renderable)
        if renderable is not None and not painted and app.view == "route":
            steps = app.query("#route-steps")
            if steps and steps.first().region.height > 0:
                painted.append(time.perf_counter())
                painted_cpu.append(time.process_time())

    app._display = timed_display  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        conversation = app.query_one(Conversation)
        while (step := app.dialogue.current) is not None:
            start, start_cpu = time.perf_counter(), time.process_time()
            # a checklist is answered on the checklist itself (its buttons), never by typed text
            conversation.submit(CONVERSATION[step.id], from_checklist=step.kind == "checklist")
            handled = time.perf_counter()
            await pilot.pause()
            if app.dialogue.current is None:
                while not painted:
                    await pilot.pause(0.01)
                route_painted = painted[0] - start
                route_cpu = painted_cpu[0] - start_cpu
                route_settled = time.perf_counter() - start
            else:
                handling.append(handled - start)
                settling.append(time.perf_counter() - start)
        assert app.route is not None and app.view == "route"
        if screenshot is not None:
            await pilot.pause()
            app.save_screenshot(str(screenshot.name), str(screenshot.parent))
    return handling, settling, route_painted, route_settled, route_cpu


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--screenshot", type=Path, help="also save the route screen as an SVG file")
    args = parser.parse_args()

    starts = [startup_seconds() for _ in range(args.runs)]
    handling: list[float] = []
    settling: list[float] = []
    painted: list[float] = []
    painted_cpu: list[float] = []
    settled: list[float] = []
    for _ in range(args.runs):
        h, s, p, r, c = asyncio.run(conversation_timings())
        painted_cpu.append(c)
        handling += h
        settling += s
        painted.append(p)
        settled.append(r)

    def ms(values: list[float]) -> str:
        return f"median {1000 * statistics.median(values):7.1f} ms   max {1000 * max(values):7.1f} ms"

    print(f"start-up to first question ({args.runs} runs): {ms(starts)}   (target < 1500 ms)")
    print(f"answer handling ({len(handling)} answers):   {ms(handling)}   (target < 50 ms median)")
    print(f"answer until screen settled:          {ms(settling)}")
    print(f"last answer to route on screen ({args.runs} runs): {ms(painted)}   (target < 200 ms)")
    print(f"  of which CPU time of this process:      {ms(painted_cpu)}")
    print(f"last answer to route settled ({args.runs} runs):   {ms(settled)}")
    if args.screenshot:
        asyncio.run(conversation_timings(args.screenshot))
        print(f"screenshot written: {args.screenshot}")


if __name__ == "__main__":
    main()
