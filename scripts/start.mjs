#!/usr/bin/env node
/**
 * `npm start`: a local 3-peer cluster on loopback with three emulated TEEs (ta-hosts).
 *
 * First start: installs and builds what is missing, makes dev certificates, reads each emulated
 * device's attestation key and the TA measurement (enrollment), starts the peers, and runs the DKG
 * for `babe` (slashable) and `audi` (non-slashable) through peer 1. Later starts reuse the state
 * under .triad/dev/ (git-ignored): the TAs start locked and unlock each other once every peer is
 * attested. Prints the validator URLs, the public keys and one ready line. Ctrl-C (or SIGTERM)
 * stops the peers cleanly, then the ta-hosts.
 *
 * TRIAD_DEV_DIR and TRIAD_DEV_BASE_PORT (default 7100: signer 7101-7103, cosigner 7201-7203,
 * mesh 7301-7303, metrics 7401-7403) change where and on which ports.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root, setUp } from './setup.mjs';

setUp((title) => process.stderr.write(`[start] ${title} ...\n`));

// the testkit's small dev-cluster entry: what `npm start` needs of it, and nothing test-only
const { bootstrap, LocalCluster } = await import('@triad/testkit/dev-cluster');
const dir = process.env.TRIAD_DEV_DIR ?? join(root, '.triad/dev');
const basePort = Number(process.env.TRIAD_DEV_BASE_PORT ?? 7100);
const KEYS = [
  { keyType: 'babe', nonSlashable: false },
  { keyType: 'audi', nonSlashable: true },
];

const fresh = !existsSync(join(dir, 'cluster.json'));
process.stderr.write(`[start] ${fresh ? 'creating' : 'reusing'} the cluster in ${dir}\n`);
const cluster = await LocalCluster.create({ dir, basePort, logLevel: process.env.TRIAD_LOG_LEVEL ?? 'warn' });
let stopping = false;
const stop = async (code) => {
  if (stopping) return;
  stopping = true;
  process.stderr.write('\n[start] stopping the peers (draining), then the ta-hosts ...\n');
  await Promise.all([0, 1, 2].map((i) => cluster.terminate(i)));
  await cluster.stop();
  process.exit(code);
};
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  await bootstrap(cluster, { keys: KEYS, log: (line) => process.stderr.write(`[start] ${line} ...\n`) });
  const keys = (await cluster.call(0, 'GetPublicKeys', {})).res.keys ?? [];
  console.log('\nvalidator URLs (failover list):');
  for (const p of cluster.signerPorts) console.log(`  127.0.0.1:${p}`);
  console.log('public keys:');
  for (const k of keys)
    console.log(
      `  ${k.keyType}  0x${Buffer.from(k.publicKey).toString('hex')}${k.nonSlashable ? '  (non-slashable)' : ''}`,
    );
  console.log(`client certificates and URLs for tools: ${join(dir, 'cluster.json')}`);
  console.log('\nTriad local cluster ready (Ctrl-C stops it)');
} catch (e) {
  console.error(`[start] ${e instanceof Error ? e.message : e}`);
  await stop(1);
}
