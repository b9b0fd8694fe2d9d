import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EmulatedCluster, emulatedMeasurement } from '@triad/testkit/emulated';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AttestationError, openEmulatedTa, TaHostProcess, verifyEvidence } from '../src/index.js';
import type { EnrolledDevice, Evidence } from '../src/index.js';

/** Which check refused, or 'ACCEPTED'. */
function outcome(ev: Evidence, nonce: Uint8Array, device: EnrolledDevice): string {
  try {
    verifyEvidence(ev, nonce, device);
    return 'ACCEPTED';
  } catch (e) {
    if (e instanceof AttestationError) return e.reason;
    throw e;
  }
}

describe('attestation evidence (attestation PTA, emulated devices)', () => {
  let cluster: EmulatedCluster;
  let enrolled: EnrolledDevice[];
  const measurement = Buffer.from(emulatedMeasurement(), 'hex');

  beforeAll(async () => {
    cluster = await EmulatedCluster.start(2);
    // Enrollment: each device's attestation key (first contact) and the expected TA measurement.
    enrolled = await Promise.all(
      cluster.tas.map(async (ta) => ({
        attestationKey: (await ta.attest(randomBytes(32))).deviceKey,
        measurement,
      })),
    );
  });
  afterAll(() => cluster?.stop());

  it('evidence verifies with the enrolled device key and measurement, and names the TA identity key', async () => {
    expect(measurement).toHaveLength(32);
    const nonce = randomBytes(32);
    const ev = await cluster.tas[0]!.attest(nonce);
    expect(outcome(ev, nonce, enrolled[0]!)).toBe('ACCEPTED');
    const info = await cluster.tas[0]!.getInfo();
    expect(Buffer.from(verifyEvidence(ev, nonce, enrolled[0]!))).toEqual(Buffer.from(info.identityPublicKey));
    expect(ev.signature).toHaveLength(384); // RSA-3072
  });

  it('is refused for a stale nonce, another device, a forged signature or altered claims', async () => {
    const nonce = randomBytes(32);
    const ev = await cluster.tas[0]!.attest(nonce);
    expect(outcome(ev, randomBytes(32), enrolled[0]!)).toBe('NONCE');
    expect(outcome(ev, nonce, enrolled[1]!)).toBe('DEVICE');
    const sig = ev.signature.slice();
    sig[100]! ^= 1;
    expect(outcome({ ...ev, signature: sig }, nonce, enrolled[0]!)).toBe('SIGNATURE');
    const otherIdentity = (await cluster.tas[1]!.getInfo()).identityPublicKey;
    expect(outcome({ ...ev, identityPublicKey: otherIdentity }, nonce, enrolled[0]!)).toBe('SIGNATURE');
    // a device cannot pass another device's key off as its own
    const ev2 = await cluster.tas[1]!.attest(nonce);
    expect(outcome({ ...ev2, deviceId: ev.deviceId }, nonce, enrolled[0]!)).toBe('SIGNATURE');
  });

  it('is refused for a TA build with another measurement on an enrolled device', async () => {
    await cluster.tas[0]!.close();
    await cluster.hosts[0]!.stop();
    const other = join(cluster.dir, 'other-build');
    writeFileSync(other, 'a TA build that was not enrolled');
    const host = await TaHostProcess.start({
      dataDir: cluster.dataDir(0),
      socketPath: cluster.socketPath(0),
      measurementFile: other,
    });
    try {
      const ta = await openEmulatedTa(cluster.socketPath(0));
      const nonce = randomBytes(32);
      const ev = await ta.attest(nonce);
      expect(outcome(ev, nonce, enrolled[0]!)).toBe('MEASUREMENT');
      await ta.close();
    } finally {
      await host.stop();
    }
  });
});
