// The service started as its own process, as `npm start` runs it: its output, the address it
// listens on (read from its log), and how it ended.
import { type ChildProcess, spawn } from 'node:child_process';

export interface ServiceProcess {
  child: ChildProcess;
  /** The base URL, once the log says the service listens; rejected if it exits first. */
  listening: Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
}

export function startService(
  env: Record<string, string>,
  {
    command = [process.execPath, 'scripts/run.mjs', 'server'],
    keepOutput = Number.POSITIVE_INFINITY,
  }: {
    command?: string[];
    /** Characters of output kept: a service under load logs every request. */
    keepOutput?: number;
  } = {},
): ServiceProcess {
  const [file = '', ...args] = command;
  const child = spawn(file, args, {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    if (output.length < keepOutput) output += chunk;
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearInterval(timer);
        resolve(match[1]);
      }
    }, 25);
    exited.then(() => {
      clearInterval(timer);
      reject(new Error(`exited before listening:\n${output}`));
    });
  });
  return { child, listening, exited, output: () => output };
}
