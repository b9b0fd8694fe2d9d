/**
 * What can go wrong talking to a TA, as one error type with a machine-readable code. Refusals
 * (CONFLICT, REGRESSION, ...) are the TA's considered answers and must reach the validator as
 * such; TRANSPORT means the TA could not be reached and another peer may be tried.
 */
import { DKG_BLAME_BASE, TriadResult } from './protocol.js';

export type TaErrorCode =
  | keyof typeof TriadResult
  | 'DKG_BLAME' // a participant's DKG package failed the TA's check; `culprit` names it
  | 'TEE' // another TEE_Result (bad parameters, not supported, ...); `result` has it
  | 'TRANSPORT' // the TA process or device could not be reached, or died
  | 'PROTOCOL'; // the TA answered with bytes that do not parse

export class TaError extends Error {
  readonly code: TaErrorCode;
  readonly result: number | undefined;
  readonly culprit: number | undefined;

  constructor(code: TaErrorCode, message: string, opts: { result?: number; culprit?: number } = {}) {
    super(`${code}: ${message}`);
    this.name = 'TaError';
    this.code = code;
    this.result = opts.result;
    this.culprit = opts.culprit;
  }
}

const byResult = new Map<number, keyof typeof TriadResult>(
  Object.entries(TriadResult).map(([name, value]) => [value, name as keyof typeof TriadResult]),
);

/** The error for a non-success TEE_Result from command `what`. */
export function errorForResult(result: number, what: string): TaError {
  const code = byResult.get(result);
  if (code) return new TaError(code, `${what} refused by the TA`, { result });
  if ((result & 0xffffff00) >>> 0 === DKG_BLAME_BASE) {
    const culprit = result & 0xff;
    return new TaError('DKG_BLAME', `${what}: participant ${culprit} sent a package that fails its check`, {
      result,
      culprit,
    });
  }
  return new TaError('TEE', `${what}: TEE result 0x${(result >>> 0).toString(16).padStart(8, '0')}`, {
    result,
  });
}
