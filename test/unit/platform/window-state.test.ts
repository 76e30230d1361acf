import { describe, expect, it } from 'vitest';
import { defaultWindowSize, restoreWindow, trackWindowState, type Rect, type TrackedWindow } from '../../../main/platform/window-state.ts';
import type { WindowState } from '../../../main/services/settings/settings.ts';

const laptop: Rect = { x: 0, y: 25, width: 1440, height: 875 };
const external: Rect = { x: 1440, y: 0, width: 2560, height: 1415 };

describe('window state restore', () => {
  it('opens at the default size, centred, the first time', () => {
    expect(restoreWindow(null, [laptop])).toEqual({ bounds: { ...defaultWindowSize }, maximized: false });
  });

  it('reopens exactly where it was when that place is still on a display', () => {
    const saved: WindowState = { x: 1800, y: 100, width: 1600, height: 1000, maximized: false };
    expect(restoreWindow(saved, [laptop, external])).toEqual({ bounds: { x: 1800, y: 100, width: 1600, height: 1000 }, maximized: false });
  });

  it('moves to the primary display, centred and shrunk to fit, when its display was unplugged', () => {
    const saved: WindowState = { x: 1800, y: 100, width: 1600, height: 1000, maximized: true };
    const { bounds, maximized } = restoreWindow(saved, [laptop]);
    expect(bounds).toEqual({ x: 0, y: 25, width: 1440, height: 875 });
    expect(maximized).toBe(true);
  });

  it('pulls a window hanging off the edge back inside, title bar included', () => {
    const saved: WindowState = { x: -300, y: -50, width: 1000, height: 700, maximized: false };
    expect(restoreWindow(saved, [laptop]).bounds).toEqual({ x: 0, y: 25, width: 1000, height: 700 });
    const right: WindowState = { x: 1300, y: 600, width: 1000, height: 700, maximized: false };
    expect(restoreWindow(right, [laptop]).bounds).toEqual({ x: 440, y: 200, width: 1000, height: 700 });
  });

  it('goes to the display it mostly covered', () => {
    const saved: WindowState = { x: 1200, y: 100, width: 1200, height: 800, maximized: false };
    const { bounds } = restoreWindow(saved, [laptop, external]);
    expect(bounds.x).toBeGreaterThanOrEqual(external.x);
  });

  it('saves the normal bounds on close and, debounced, after moves', async () => {
    const listeners = new Map<string, () => void>();
    let bounds: Rect = { x: 10, y: 20, width: 900, height: 600 };
    const window: TrackedWindow = {
      isDestroyed: () => false,
      isMaximized: () => false,
      isMinimized: () => false,
      isFullScreen: () => false,
      getNormalBounds: () => bounds,
      on: (event, listener) => listeners.set(event, listener),
    };
    const saved: WindowState[] = [];
    trackWindowState(window, (state) => saved.push(state), 10);
    bounds = { x: 50, y: 60, width: 910, height: 610 };
    listeners.get('move')!();
    listeners.get('resize')!();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(saved).toEqual([{ x: 50, y: 60, width: 910, height: 610, maximized: false }]);
    listeners.get('close')!();
    expect(saved).toHaveLength(2);
  });
});
