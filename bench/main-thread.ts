/**
 * Main-thread health while the app works, from what the probe recorded: long tasks (over 50 ms), long animation
 * frames with the scripts that ran in them, gaps between animation frames, and the delay of the benchmark's clicks.
 */
import type { Page } from '@playwright/test';
import type { ProbeSnapshot } from './pages/probe-api.ts';
import { summarise, type Summary } from './stats.ts';

export interface MainThreadReport {
  seconds: number;
  longTasks: number;
  longTaskMaxMs: number | null;
  longTaskTotalMs: number;
  /** Long animation frames (> 50 ms): their total time, and how much of it scripts took (the rest: style, layout,
   * paint, garbage collection, or the thread waiting for a CPU). */
  longFrameMs: number;
  longFrameScriptMs: number;
  /** Scripts that ran in long animation frames, by source, heaviest first (what to fix). */
  blockingScripts: { source: string; invoker: string; totalMs: number; count: number }[];
  frames: number;
  /** Gaps between animation frames over 50 ms (the page could not paint). */
  frameGapsOver50ms: number;
  frameGapMaxMs: number | null;
  clicks: number;
  /** Click → its handler ran. */
  inputDelayMs: Summary;
  /** Click → the next animation frame after its handler. */
  inputToFrameMs: Summary;
  /** The probe's own longest per-frame work (bookkeeping), so its cost can be ruled out. */
  probeMaxMs: number;
}

const CLICK_EVERY_MS = 500;

/** Clicks the page's top-left corner (the header: no action) every half second, as a user poking the page would. */
export async function pokePage(page: Page): Promise<void> {
  await page.mouse.click(8, 8);
  await new Promise((r) => setTimeout(r, CLICK_EVERY_MS));
}

export function mainThreadReport(snapshot: ProbeSnapshot, from: number, to: number, framesAtStart: number): MainThreadReport {
  const inSpan = (t: number) => t >= from && t <= to;
  const tasks = snapshot.longTasks.filter((t) => inSpan(t.start));
  const frames = snapshot.longFrames.filter((f) => inSpan(f.start));
  const scripts = new Map<string, { source: string; invoker: string; totalMs: number; count: number }>();
  for (const s of frames.flatMap((f) => f.scripts)) {
    const key = `${s.source}|${s.invoker}`;
    const entry = scripts.get(key) ?? { source: s.source, invoker: s.invoker, totalMs: 0, count: 0 };
    entry.totalMs += s.duration;
    entry.count++;
    scripts.set(key, entry);
  }
  const gaps = snapshot.frameGaps.filter((g) => inSpan(g.start));
  const inputs = snapshot.inputs.filter((i) => inSpan(i.t));
  return {
    seconds: (to - from) / 1000,
    longTasks: tasks.length,
    longTaskMaxMs: tasks.length ? Math.max(...tasks.map((t) => t.duration)) : null,
    longTaskTotalMs: tasks.reduce((n, t) => n + t.duration, 0),
    longFrameMs: frames.reduce((n, f) => n + f.duration, 0),
    longFrameScriptMs: frames.reduce((n, f) => n + f.scripts.reduce((m, sc) => m + sc.duration, 0), 0),
    blockingScripts: [...scripts.values()].sort((a, b) => b.totalMs - a.totalMs).slice(0, 5),
    frames: snapshot.frames - framesAtStart,
    frameGapsOver50ms: gaps.length,
    frameGapMaxMs: gaps.length ? Math.max(...gaps.map((g) => g.gap)) : null,
    clicks: inputs.length,
    inputDelayMs: summarise(inputs.map((i) => i.delay)),
    inputToFrameMs: summarise(inputs.flatMap((i) => (i.nextFrame === null ? [] : [i.nextFrame]))),
    probeMaxMs: snapshot.probeMaxMs,
  };
}
