// Runs the line-up solver in a worker thread: a 24-session series with 2,000 interests takes
// seconds, and the service must keep answering while it runs.
import { parentPort } from 'node:worker_threads';
import { type LineupInterest, type LineupSession, type RoleHistory, suggestLineup } from '../../domain/lineup.js';

export interface SolveRequest {
  id: number;
  sessions: LineupSession[];
  interests: LineupInterest[];
  history: RoleHistory;
}

const port = parentPort;
if (port) {
  port.on('message', ({ id, sessions, interests, history }: SolveRequest) => {
    try {
      port.postMessage({ id, result: suggestLineup(sessions, interests, history) });
    } catch (error) {
      port.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  });
}
