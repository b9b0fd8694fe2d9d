/**
 * The whole product on loopback: a validator's Sign through gRPC + mutual TLS to a peer process,
 * which coordinates with a cosigner process, each in front of its ta-host (emulated TEE), with the
 * TA state sealed to disk on every signature. The baseline, measured again in this suite, is a
 * single-key sr25519 signature in process (wasm schnorrkel).
 *
 * BABE seals are measured one after another only: the TAs refuse a slot below the key's mark, and
 * a real validator seals one block per 6-second slot. Throughput with many requests in flight is
 * measured on `raw` payloads for a non-slashable key, which the TAs sign without a mark.
 */
import { sr25519KeypairFromSeed, sr25519Sign, sr25519Verify, waitReady } from '@polkadot/wasm-crypto';
import { blake2b } from '@noble/hashes/blake2.js';
import { LocalCluster } from '@triad/signer';
import type { Reply } from '@triad/signer';
import { randomBytes } from 'node:crypto';
import type { BenchCase } from './harness.js';
import { babeHeader } from './headers.js';

/** The signature of a reply, or an error that stops the benchmark: a refusal is not a data point. */
function signatureOf(r: Reply): Uint8Array {
  const sig = (r.res?.signature as { signature?: Uint8Array } | undefined)?.signature;
  if (r.error || !sig) {
    throw new Error(`sign failed: ${r.error?.details ?? JSON.stringify(r.res?.refusal ?? r.res)}`);
  }
  return sig;
}

export async function clusterCases(): Promise<{ cases: BenchCase[]; stop: () => Promise<void> }> {
  await waitReady();
  process.stderr.write('[cluster] starting 3 ta-hosts and 3 triad-signer processes ...\n');
  const c = await LocalCluster.create({ logLevel: 'silent' });
  try {
    await Promise.all([0, 1, 2].map((i) => c.startPeer(i)));
    await Promise.all([0, 1, 2].map((i) => c.attested(i)));
    for (const req of [{ keyType: 'babe' }, { keyType: 'imon', nonSlashable: true }]) {
      process.stderr.write(`[cluster] DKG ${req.keyType} led by peer 1 ...\n`);
      const { error } = await c.ceremony(0, 'RunDkg', req);
      if (error) throw new Error(`DKG ${req.keyType}: ${error.details}`);
    }
    await Promise.all([0, 1, 2].map((i) => c.settled(i)));
  } catch (e) {
    await c.stop();
    throw e;
  }

  // Every figure below is of signatures the chain accepts: one of each kind is checked first.
  const keys = await c.call(0, 'GetPublicKeys', {});
  const pub = (t: string) =>
    (keys.res.keys as { keyType: string; publicKey: Uint8Array }[]).find((k) => k.keyType === t)!.publicKey;
  let slot = 1;
  const h = babeHeader(slot++);
  const seal = signatureOf(await c.call(0, 'Sign', { keyType: 'babe', babeSeal: { header: h } }));
  const payload = randomBytes(32);
  const raw = signatureOf(await c.call(0, 'Sign', { keyType: 'imon', raw: { payload } }));
  if (
    !sr25519Verify(seal, blake2b(h, { dkLen: 32 }), pub('babe')) ||
    !sr25519Verify(raw, payload, pub('imon'))
  )
    throw new Error('the cluster returned a signature the chain verifier rejects');

  const kp = sr25519KeypairFromSeed(new Uint8Array(32).fill(2));
  const msg = new Uint8Array(32).fill(0xab);
  let peer = 0;
  const signRaw = async (at: number) =>
    signatureOf(await c.call(at, 'Sign', { keyType: 'imon', raw: { payload: randomBytes(32) } }));
  const cases: BenchCase[] = [
    {
      name: 'sr25519 sign, single key (wasm schnorrkel) [baseline]',
      run: () => sr25519Sign(kp.slice(64), kp.slice(0, 64), msg),
    },
    {
      name: 'babe-seal 2-of-3 via gRPC+mTLS, one at a time',
      run: async () =>
        signatureOf(await c.call(0, 'Sign', { keyType: 'babe', babeSeal: { header: babeHeader(slot++) } })),
    },
    { name: 'raw 2-of-3 via gRPC+mTLS, one at a time', run: () => signRaw(0) },
    { name: 'raw 2-of-3 via gRPC+mTLS, 32 in flight at one peer', inFlight: 32, run: () => signRaw(0) },
    {
      name: 'raw 2-of-3 via gRPC+mTLS, 32 in flight over the 3 peers',
      inFlight: 32,
      run: () => signRaw((peer = (peer + 1) % 3)),
    },
  ];
  return { cases, stop: () => c.stop() };
}
