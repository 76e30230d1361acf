// The knobs tests and the demo turn, in-process (the sandbox object) or over /__sandbox/: which
// inferred endpoints exist, the response generation, task delays, forced ends, uploads seen.

import type { SandboxClock } from '../brainstem/clock.ts';
import { BRIM_CAPABILITIES } from './context.ts';
import type { BrimCapability, BrimContext, CapabilityMode, UploadRecord } from './context.ts';
import type { ResponseGeneration } from './responses.ts';
import type { TaskKind, TaskState } from './store.ts';
import { settleAll, stateOf, stopTask } from './tasks.ts';
import type { DelayKind, TaskDelays } from './tasks.ts';

export interface TaskView {
  id: string;
  projectId: number;
  kind: TaskKind;
  state: TaskState;
  message: string | null;
  fileName: string | null;
  notes: number;
  childTaskId: string | null;
}

export interface BrimSandboxControls {
  clock: SandboxClock;
  capabilities(): Record<BrimCapability, CapabilityMode>;
  setCapability(name: BrimCapability, mode: CapabilityMode): void;
  setGeneration(generation: ResponseGeneration): void;
  setDelays(kind: DelayKind, delays: Partial<TaskDelays>): void;
  tasks(): TaskView[];
  stopTask(taskId: string): boolean;
  /** The next generation ends in ERROR with this message (default: a Python-style error). */
  failNextGeneration(message?: string): void;
  uploads(): UploadRecord[];
  reset(): void;
}

export function makeControls(context: BrimContext, reset: () => void): BrimSandboxControls {
  return {
    clock: context.engine.clock,
    capabilities: () => ({ ...context.capabilities }),
    setCapability(name, mode) {
      if (!(BRIM_CAPABILITIES as readonly string[]).includes(name)) throw new RangeError(`name must be one of ${BRIM_CAPABILITIES.join(', ')}`);
      if (mode !== 'on' && mode !== 404 && mode !== 405) throw new RangeError('mode must be "on", 404 or 405');
      context.capabilities[name] = mode;
    },
    setGeneration(generation) {
      if (generation !== '2025' && generation !== '2026') throw new RangeError('generation must be "2025" or "2026"');
      context.generation = generation;
    },
    setDelays(kind, delays) {
      const current = context.engine.delays[kind];
      if (current === undefined) throw new RangeError('kind must be upload, generation or export');
      for (const value of Object.values(delays)) if (typeof value !== 'number' || value < 0) throw new RangeError('delays must be non-negative numbers of milliseconds');
      context.engine.delays = { ...context.engine.delays, [kind]: { ...current, ...delays } };
    },
    tasks() {
      settleAll(context.engine);
      const now = context.engine.clock.now();
      return [...context.engine.store.tasks.values()].map((task) => ({
        id: task.id, projectId: task.projectId, kind: task.kind, state: stateOf(task, now), message: task.settled?.message ?? null,
        fileName: task.fileName, notes: task.noteKeys.length, childTaskId: task.childTaskId,
      }));
    },
    stopTask: (taskId) => stopTask(context.engine, taskId),
    failNextGeneration(message) {
      context.engine.failNextGenerations.push(message ?? "KeyError: 'aggregation_instruction'");
    },
    uploads: () => [...context.uploads],
    reset,
  };
}
