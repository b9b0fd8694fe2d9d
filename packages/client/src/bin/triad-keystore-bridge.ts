#!/usr/bin/env node
/**
 * `triad-keystore-bridge`: the Substrate keystore calls a validator node makes, as JSON-RPC on
 * localhost, answered by the Triad cluster (keystore-bridge.ts; usage: bridge-config.ts). Prints
 * one "ready" line, one JSON line per call on stderr, stops cleanly on SIGTERM or SIGINT, exits 1
 * with one clear line when it cannot start and 2 on bad usage.
 */
import { BRIDGE_USAGE, BridgeUsageError, parseBridgeArgs } from '../bridge-config.js';
import type { BridgeConfig } from '../bridge-config.js';
import { startKeystoreBridge } from '../keystore-bridge.js';
import type { KeystoreBridge } from '../keystore-bridge.js';
import type { SignerClient } from '../signer-client.js';

const NAME = 'triad-keystore-bridge';

async function main(argv: string[]): Promise<number> {
  let config: BridgeConfig | 'help';
  try {
    config = parseBridgeArgs(argv, process.env);
  } catch (e) {
    if (!(e instanceof BridgeUsageError)) throw e;
    console.error(`${NAME}: ${e.message}\n${BRIDGE_USAGE}`);
    return 2;
  }
  if (config === 'help') {
    console.log(BRIDGE_USAGE);
    return 0;
  }
  // Loaded only now (it brings the gRPC contracts with it), so usage errors come back at once.
  const { SignerClient: Client } = await import('../signer-client.js');
  let client: SignerClient;
  let bridge: KeystoreBridge;
  try {
    client = new Client(config.client);
  } catch (e) {
    console.error(`${NAME}: ${(e as Error).message}`);
    return 1;
  }
  try {
    bridge = await startKeystoreBridge({
      signer: client,
      host: config.host,
      port: config.port,
      allowRemote: config.allowRemote,
      onCall: (call) => console.error(JSON.stringify({ time: new Date().toISOString(), ...call })),
    });
  } catch (e) {
    client.close();
    console.error(`${NAME}: cannot listen on ${config.host}:${config.port}: ${(e as Error).message}`);
    return 1;
  }
  console.log(`${NAME} ready: ${bridge.url} -> ${client.urls.join(', ')}`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await bridge.close();
  client.close();
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
