import type { WindowState } from '../services/settings/settings.ts';

/**
 * Where the main window opens: where it was last time, as long as that place still exists. A monitor
 * unplugged since, a smaller screen or a changed resolution must never leave the window (or its title
 * bar) out of reach. Pure, so it is tested without Electron; window.ts feeds it `screen`'s work areas.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface RestoredWindow {
  /** x/y absent: let the system centre the window. */
  bounds: { x?: number; y?: number; width: number; height: number };
  maximized: boolean;
}

export const defaultWindowSize = { width: 1280, height: 820 } as const;
export const minimumWindowSize = { width: 760, height: 480 } as const;

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(value, high));
}

/**
 * `workAreas[0]` is the primary display's. The window goes on the display it overlapped most when it
 * was closed, shrunk to fit it and moved fully inside it; with no overlap left (that display is gone) it
 * opens centred on the primary display at its saved size, shrunk if needed.
 */
export function restoreWindow(saved: WindowState | null, workAreas: readonly Rect[]): RestoredWindow {
  const primary = workAreas[0];
  if (!saved || !primary) return { bounds: { ...defaultWindowSize }, maximized: saved?.maximized ?? false };
  const fit = (area: Rect): { width: number; height: number } => ({
    width: clamp(saved.width, Math.min(minimumWindowSize.width, area.width), area.width),
    height: clamp(saved.height, Math.min(minimumWindowSize.height, area.height), area.height),
  });
  if (saved.x === undefined || saved.y === undefined) return { bounds: fit(primary), maximized: saved.maximized };
  const rect: Rect = { x: saved.x, y: saved.y, width: saved.width, height: saved.height };
  let best: Rect | null = null;
  let bestOverlap = 0;
  for (const area of workAreas) {
    const o = overlap(rect, area);
    if (o > bestOverlap) {
      best = area;
      bestOverlap = o;
    }
  }
  if (!best) {
    const size = fit(primary);
    return { bounds: { x: primary.x + Math.round((primary.width - size.width) / 2), y: primary.y + Math.round((primary.height - size.height) / 2), ...size }, maximized: saved.maximized };
  }
  const size = fit(best);
  return {
    bounds: { x: clamp(saved.x, best.x, best.x + best.width - size.width), y: clamp(saved.y, best.y, best.y + best.height - size.height), ...size },
    maximized: saved.maximized,
  };
}

/** The part of a BrowserWindow that saving needs (structural, so tests can drive it). */
export interface TrackedWindow {
  isDestroyed(): boolean;
  isMaximized(): boolean;
  isMinimized(): boolean;
  isFullScreen(): boolean;
  getNormalBounds(): Rect;
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
}

/**
 * Saves the window's place on close and, debounced, while it is moved or resized, so a crash or a
 * forced quit still reopens it where it was. The normal (unmaximized) bounds are kept with the flag.
 */
export function trackWindowState(window: TrackedWindow, save: (state: WindowState) => void, debounceMs = 800): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const saveNow = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (window.isDestroyed() || window.isMinimized() || window.isFullScreen()) return;
    const b = window.getNormalBounds();
    save({ x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height), maximized: window.isMaximized() });
  };
  const later = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(saveNow, debounceMs);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) window.on(event, later);
  window.on('close', saveNow);
}
