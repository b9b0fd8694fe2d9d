/**
 * Runs in the Node guest (optee-ta/qemu/mkinitramfs-node.sh), beside triad-bridge: the optee
 * backend of @triad/tee, its N-API addon over libteec, against the Triad TA in real OP-TEE, for
 * what one device answers alone. It only observes: one line `triad-napi: {json}` on the console,
 * which test/optee/napi.test.ts judges.
 */
import { Command, Limits, TA_UUID, loadTeecAddon, openOpteeTa } from '@triad/tee';

const addonPath = '/opt/triad/teec_addon.node';
const hex = (b) => Buffer.from(b).toString('hex');
/** A refusal as { code, result }, or what a call gave back. */
const outcome = (p) =>
  p.then(
    () => ({ code: 'none' }),
    (e) => ({ code: e.code, result: e.result }),
  );
const noKey = { keyType: 'babe', publicKey: new Uint8Array(32).fill(9) };

const ta = await openOpteeTa({ addonPath });
const info = await ta.getInfo();
const report = {
  info: { version: info.version, identityKey: hex(info.identityPublicKey), lockState: info.lockState },
  commitNoKey: await outcome(ta.commitNonces(noKey, 1)),
  commitZero: await outcome(ta.commitNonces(noKey, 0)),
  commitTooMany: await outcome(ta.commitNonces(noKey, Limits.MAX_COMMIT_BATCH + 1)),
  attest: await outcome(ta.attest(new Uint8Array(32).fill(1))),
  counterChallenge: await outcome(ta.counterChallenge()),
  dkgRound2: await outcome(ta.dkgRound2([])),
};

// The addon itself, under the transport: a second session, then what the transport never sends.
const addon = loadTeecAddon(addonPath);
const handle = addon.open(TA_UUID);
const unknown = await addon.invoke(handle, 99, new Uint8Array(), Limits.MAX_OUTPUT);
const short = await addon.invoke(handle, Command.GetInfo, new Uint8Array(), 64);
addon.close(handle);
report.addon = {
  unknown: { result: unknown.result, origin: unknown.origin },
  short: { result: short.result, origin: short.origin, bytes: short.output.length },
  // a closed handle may throw at once or reject: either way, an error with a code
  afterClose: await outcome(
    Promise.resolve().then(() => addon.invoke(handle, Command.GetInfo, new Uint8Array(), Limits.MAX_OUTPUT)),
  ),
};
report.identityAfter = hex((await ta.getInfo()).identityPublicKey);
await ta.close();
console.log(`triad-napi: ${JSON.stringify(report)}`);
