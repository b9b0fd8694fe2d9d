/**
 * What an operator reads from the devices at enrollment, for the peers' configs: the measurement
 * of the TA build they run and each device's attestation key.
 */
import { defaultTaHostBinary } from '@triad/tee';
import type { TrustedApp } from '@triad/tee';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/** The measurement (hex) of the emulated TA that `binary` (default: ta-host) runs. */
export function emulatedMeasurement(binary = defaultTaHostBinary()): string {
  return execFileSync(binary, ['--print-measurement']).toString().trim();
}

/** Each TA's device attestation key, from fresh evidence, as a peer config holds it (hex). */
export async function deviceKeys(tas: readonly TrustedApp[]): Promise<{ e: string; n: string }[]> {
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  return Promise.all(
    tas.map(async (t) => {
      const { deviceKey } = await t.attest(randomBytes(32));
      return { e: hex(deviceKey.e), n: hex(deviceKey.n) };
    }),
  );
}
