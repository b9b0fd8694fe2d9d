/**
 * The TA through its socket (the emulated TEE: ta-host processes on this machine): the cost of one
 * command round trip, and of a whole 2-of-3 signature as the cluster makes it (two commitments,
 * prepare at the coordinator, cosign, finish, aggregate with the final verification), with the
 * single-key wasm signature measured again in this suite as its baseline.
 */
import { sr25519KeypairFromSeed, sr25519Sign, waitReady } from '@polkadot/wasm-crypto';
import type { PublicKeyPackage } from '@triad/frost';
import { encodeGrandpaVote } from '@triad/proto';
import { approvalPayload, babeHeader, EmulatedCluster, keyOf } from '@triad/testkit';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchCase } from './harness.js';

/** The TA's in-process cost, from optee-ta/bench/bench_ta.c (built by `npm run build:ta`). */
export function taInProcess(budgetMs: number): { name: string; ops: number; meanUs: number }[] {
  const binary = fileURLToPath(new URL('../../optee-ta/build/host/bench_ta', import.meta.url));
  process.stderr.write('[TA in-process] running optee-ta/build/host/bench_ta ...\n');
  const rows = JSON.parse(execFileSync(binary, [String(budgetMs)]).toString()) as {
    name: string;
    ops: number;
    meanUs: number;
    sealedBytesPerOp: number;
  }[];
  // the bytes handed to the storage per operation: what a seal costs on a board's flash
  return rows.map(({ sealedBytesPerOp: b, ...r }) => ({
    ...r,
    name: b ? `${r.name} [${b} B sealed/op]` : r.name,
  }));
}

export async function teeCases(): Promise<{ cases: BenchCase[]; stop: () => Promise<void> }> {
  await waitReady();
  const kp = sr25519KeypairFromSeed(new Uint8Array(32).fill(2));
  const msg = new Uint8Array(32).fill(0xab);
  const cluster = await EmulatedCluster.start(3);
  const [pub] = (await cluster.dkg('babe')) as [PublicKeyPackage];
  const [gran] = (await cluster.dkg('gran')) as [PublicKeyPackage];
  const [para] = (await cluster.dkg('para')) as [PublicKeyPackage];
  // The same signature with 64 keys in every TA (63 more made by DKG first): a signature seals its
  // key's object and the core, so its cost must not grow with the keys held (issue: many keys).
  const full = await EmulatedCluster.start(3);
  process.stderr.write('[TA via sockets] 64 keys in each TA: 64 DKGs ...\n');
  const [fullPub] = (await full.dkg('babe')) as [PublicKeyPackage];
  for (let k = 1; k < 64; k++) await full.dkg('babe', false, `bench-key-${k}`);
  let slot = 1;
  let fullSlot = 1;
  let round = 1n;
  let approval = 0;
  const cases: BenchCase[] = [
    {
      name: 'sr25519 sign, single key (wasm schnorrkel) [baseline]',
      run: () => sr25519Sign(kp.slice(64), kp.slice(0, 64), msg),
    },
    {
      name: 'TA command round trip through the socket (commit-nonces, 1)',
      run: () => cluster.tas[0]!.commitNonces(keyOf('babe', pub), 1),
    },
    {
      name: 'TA 2-of-3 babe-seal via sockets: commit x2, prepare, cosign, finish, aggregate',
      run: () => cluster.sign(pub, 'babe', 'babe-seal', babeHeader(slot++), [0, 1]),
    },
    {
      name: 'the same, 64 keys held by each TA (compare with the line above)',
      run: () => full.sign(fullPub, 'babe', 'babe-seal', babeHeader(fullSlot++), [0, 1]),
    },
    {
      name: 'TA 2-of-3 grandpa-vote (ed25519) via sockets: the same round trip, a new round each',
      run: () =>
        cluster.sign(
          gran,
          'gran',
          'grandpa-vote',
          encodeGrandpaVote({
            stage: 'prevote',
            targetHash: msg,
            targetNumber: 1,
            round: round++,
            setId: 1n,
          }),
          [0, 1],
        ),
    },
    {
      name: 'TA 2-of-3 para-statement via sockets: an approval of a new candidate each (one tag logged)',
      run: () => {
        const n = approval++;
        const candidate = Uint8Array.from({ length: 32 }, (_, i) => (i < 4 ? (n >>> (8 * i)) & 0xff : 0));
        // a new session before one fills its log (32,768 candidates)
        const session = 1 + Math.floor(n / 30_000);
        return cluster.sign(
          para,
          'para',
          'para-statement',
          approvalPayload({ candidates: [candidate], session }),
          [0, 1],
        );
      },
    },
  ];
  return { cases, stop: async () => void (await Promise.all([cluster.stop(), full.stop()])) };
}
