/**
 * The whole product on loopback: a validator's Sign through gRPC + mutual TLS to a peer process,
 * which coordinates with a cosigner process, each in front of its ta-host (emulated TEE), with the
 * TA state sealed to disk on every signature. The baseline, measured again in this suite, is a
 * single-key sr25519 signature in process (wasm schnorrkel).
 *
 * BABE seals are measured one after another only: the TAs refuse a slot below the key's mark, and
 * a real validator seals one block per 6-second slot. Throughput with many requests in flight is
 * measured on `raw` payloads for a non-slashable key, which the TAs sign without a mark. A BABE
 * slot claim's VRF (`babe-vrf`: pre-output and proof, VRF_PREPARE/COSIGN/FINISH) is measured one
 * at a time beside the seal, as a validator asks it once per slot.
 */
import { sr25519KeypairFromSeed, sr25519Sign } from '@polkadot/wasm-crypto';
import { babeVrfTranscripts, verifyVrf } from '@triad/frost';
import { babeHeader, chainAccepts, chainAcceptsSeal, chainVerifierReady, startCluster } from '@triad/testkit';
import type { Reply } from '@triad/testkit';
import { randomBytes } from 'node:crypto';
import type { BenchCase } from './harness.js';

/** The signature of a reply, or an error that stops the benchmark: a refusal is not a data point. */
function signatureOf(r: Reply): Uint8Array {
  const sig = (r.res?.signature as { signature?: Uint8Array } | undefined)?.signature;
  if (r.error || !sig) {
    throw new Error(`sign failed: ${r.error?.details ?? JSON.stringify(r.res?.refusal ?? r.res)}`);
  }
  return sig;
}

export async function clusterCases(): Promise<{ cases: BenchCase[]; stop: () => Promise<void> }> {
  await chainVerifierReady();
  process.stderr.write('[cluster] starting 3 ta-hosts and 3 triad-signer processes ...\n');
  const { cluster: c, publicKeys } = await startCluster({
    logLevel: 'silent',
    keys: [{ keyType: 'babe' }, { keyType: 'imon', nonSlashable: true }],
    log: (line) => process.stderr.write(`[cluster] ${line} ...\n`),
  });

  // Every figure below is of signatures the chain accepts: one of each kind is checked first.
  let slot = 1;
  const h = babeHeader(slot++);
  const seal = signatureOf(await c.call(0, 'Sign', { keyType: 'babe', babeSeal: { header: h } }));
  const payload = randomBytes(32);
  const raw = signatureOf(await c.call(0, 'Sign', { keyType: 'imon', raw: { payload } }));
  if (
    !chainAcceptsSeal(seal, h, publicKeys.get('babe')!) ||
    !chainAccepts(raw, payload, publicKeys.get('imon')!)
  )
    throw new Error('the cluster returned a signature the chain verifier rejects');

  // VRF slots count up from 1 (below the seals' mark: always inside the TAs' window)
  let vrfSlot = 1n;
  const randomness = new Uint8Array(32).fill(0x42);
  const babeVrf = async () =>
    signatureOf(
      await c.call(0, 'Sign', {
        keyType: 'babe',
        babeVrf: { slot: (vrfSlot++).toString(), epoch: '1', randomness: Buffer.from(randomness) },
      }),
    );
  const firstVrf = babeVrfTranscripts(vrfSlot, 1n, randomness);
  if (!verifyVrf(publicKeys.get('babe')!, firstVrf, await babeVrf()))
    throw new Error('the cluster returned a babe-vrf that does not verify');

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
    { name: 'babe-vrf 2-of-3 via gRPC+mTLS (pre-output and proof), one at a time', run: babeVrf },
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
