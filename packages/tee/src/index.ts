/**
 * @triad/tee — the Triad TA behind one `TrustedApp` interface. Backends: `emulated` (ta-host over a
 * unix socket; dev, tests, CI) and `optee` (libteec on the boards).
 */
export { TaError, errorForResult } from './errors.js';
export type { TaErrorCode } from './errors.js';
export * from './protocol.js';
export type {
  DkgParticipant,
  DkgStart,
  KeyType,
  RequestKind,
  SealedShare,
  SignPartialRequest,
  TaInfo,
  TaKeyInfo,
} from './messages.js';
export { encodeKeyType } from './messages.js';
export { TaClient } from './trusted-app.js';
export type { TeeTransport, TrustedApp } from './trusted-app.js';
export { TaHostConnection, TaHostProcess, defaultTaHostBinary, openEmulatedTa } from './emulated.js';
export type { TaHostOptions } from './emulated.js';
