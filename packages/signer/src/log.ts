/**
 * Structured JSON logs (pino), one line per event on stdout, for journald or any log shipper.
 * Level from TRIAD_LOG_LEVEL (default info). Nothing secret is ever logged: payload digests, not
 * payloads; peer and client names, not keys.
 */
import { pino } from 'pino';
import type { Logger } from 'pino';

export type { Logger };

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function createLogger(peerId: string, env: NodeJS.ProcessEnv = process.env): Logger {
  const wanted = env.TRIAD_LOG_LEVEL ?? 'info';
  const level = (LEVELS as readonly string[]).includes(wanted) ? wanted : 'info';
  return pino({ level, base: { peer: peerId }, timestamp: pino.stdTimeFunctions.isoTime });
}
