#!/usr/bin/env node
/**
 * `triad-signer --config FILE`: one signer peer. Prints one "ready" line with its addresses, stops
 * cleanly on SIGTERM or SIGINT (servers drain, the TA session and the audit log close), and exits
 * 1 with one clear line when it cannot start, 2 on bad usage.
 */
import { ConfigError, loadConfig } from '../config.js';
import { SignerPeer } from '../peer.js';
import { installPromiseWithResolvers } from '../promise-polyfill.js';

const usage = 'usage: triad-signer --config FILE';

async function main(argv: string[]): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h')) {
    console.log(usage);
    return 0;
  }
  if (argv.length !== 2 || argv[0] !== '--config') {
    console.error(usage);
    return 2;
  }
  installPromiseWithResolvers(); // for the mesh's libp2p, on Node 20
  let peer: SignerPeer;
  try {
    peer = await SignerPeer.start(loadConfig(argv[1]!));
  } catch (e) {
    console.error(
      `triad-signer: ${e instanceof ConfigError ? e.message : `cannot start: ${(e as Error).message}`}`,
    );
    return 1;
  }
  console.log(
    `triad-signer ${peer.config.peerId} ready: signer ${peer.signerAddress}, cosigner ${peer.cosignerAddress}`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await peer.stop();
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
