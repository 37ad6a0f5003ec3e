// The line-up solver, off the event loop: one worker thread per process, started on first use,
// and a cache of answers by their input, so loading the manage page twice costs one solve and
// requests for the same series at the same time share one run.
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { LineupInterest, LineupSession, LineupSuggestion, RoleHistory } from '../../domain/lineup.js';
import type { SolveRequest } from './lineup-worker.js';

export interface SolverInput {
  sessions: LineupSession[];
  interests: LineupInterest[];
  history: RoleHistory;
}

/** Answers kept: a few per series being worked on is plenty; an input changes with every new interest. */
const MAX_CACHED = 64;

/**
 * In dist/ the bundler writes the worker beside the other chunks as lineup-worker.js. Run from
 * source (tests, tsx), the worker is this folder's .ts file, and a worker thread's entry is not
 * seen by the TypeScript loader of its parent: it registers the loader, then imports the file.
 */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./lineup-worker.js', import.meta.url));
  const loader = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const entry = JSON.stringify(new URL('./lineup-worker.ts', import.meta.url).href);
  return new Worker(`import(${loader}).then(({ register }) => { register(); return import(${entry}); });`, {
    eval: true,
  });
}

type Pending = { resolve: (result: LineupSuggestion) => void; reject: (error: Error) => void };

class SolverThread {
  #worker: Worker | null = null;
  #pending = new Map<number, Pending>();
  #nextId = 1;

  solve(input: SolverInput): Promise<LineupSuggestion> {
    const worker = this.#started();
    const id = this.#nextId++;
    const request: SolveRequest = { id, ...input };
    return new Promise<LineupSuggestion>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      // Only a solve in progress keeps the process alive; an idle worker never does.
      if (this.#pending.size === 1) worker.ref();
      worker.postMessage(request);
    });
  }

  #started(): Worker {
    if (this.#worker) return this.#worker;
    const worker = startWorker();
    worker.unref();
    worker.on('message', (message: { id: number; result?: LineupSuggestion; error?: string }) => {
      const pending = this.#pending.get(message.id);
      if (!pending) return;
      this.#settled(message.id);
      if (message.error !== undefined) pending.reject(new Error(message.error));
      else pending.resolve(message.result as LineupSuggestion);
    });
    // A worker that dies takes its solves with it; the next solve starts a new one.
    const fail = (error: Error) => {
      if (this.#worker === worker) this.#worker = null;
      const pending = [...this.#pending.values()];
      this.#pending.clear();
      for (const p of pending) p.reject(error);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`The line-up solver stopped (exit code ${code}).`)));
    this.#worker = worker;
    return worker;
  }

  #settled(id: number) {
    this.#pending.delete(id);
    if (this.#pending.size === 0) this.#worker?.unref();
  }
}

const thread = new SolverThread();
const answers = new Map<string, Promise<LineupSuggestion>>();

/** A stable digest of everything the solver reads (Maps as sorted entries). */
function inputKey(input: SolverInput): string {
  const json = JSON.stringify(input, (_key, value) =>
    value instanceof Map ? [...value.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : value,
  );
  return createHash('sha256').update(json).digest('base64url');
}

export function solveLineup(input: SolverInput): Promise<LineupSuggestion> {
  const key = inputKey(input);
  const known = answers.get(key);
  if (known) {
    // Most recently used last, so the oldest answer is the one dropped.
    answers.delete(key);
    answers.set(key, known);
    return known;
  }
  const answer = thread.solve(input);
  answers.set(key, answer);
  if (answers.size > MAX_CACHED) answers.delete(answers.keys().next().value as string);
  answer.catch(() => answers.delete(key));
  return answer;
}
