/**
 * `npm run demo`: a shorter validator day on a dev cluster made as `npm start` makes its own (a
 * fresh one each run, in a temp dir on free ports: it never meets a running `npm start`, and a
 * fresh cluster's marks let every run start its day at the same slot), with every session key
 * Triad signs for, two racing validators, a progress line every few slots, and peer 3 killed a
 * third of the way through and restarted at half-time. At the end the judge's summary: what was
 * signed, refused (by reason) and not answered, per kind with p50/p99, the slots entitled and
 * sealed, and the offences (none).
 *
 * While peer 3 is down the two validators' coordinators (peers 1 and 2) have only each other:
 * where the twins contest a slot or a vote with different choices, each coordinator's TA has taken
 * its own side and refuses the other's, so both are refused (CONFLICT) and the slot is missed.
 * That is the 2-of-3 bound doing its job (never two seals), and the summary says so.
 */
import { SignerClient } from '@triad/client';
import { chainVerifierReady } from '@triad/testkit/chain';
import { bootstrap, LocalCluster } from '@triad/testkit/dev-cluster';
import { ecdsaVerifiersReady } from '../ecdsa-verifiers.js';
import { runDay } from './day.js';
import { judge } from './judge.js';
import { Ledger } from './ledger.js';
import { formatReport, summarise } from './report.js';

const SLOTS = Number(process.env.TRIAD_DEMO_SLOTS ?? 60);
const SLOT_MS = 300;
const say = (line: string) => process.stdout.write(`[demo] ${line}\n`);

await chainVerifierReady();
await ecdsaVerifiersReady();
say('a fresh dev cluster: three peers, three emulated TAs');
const c = await LocalCluster.create();
try {
  const keys = await bootstrap(c, {
    keys: [
      { keyType: 'babe' },
      { keyType: 'gran' },
      { keyType: 'para' },
      { keyType: 'asgn' },
      { keyType: 'audi', nonSlashable: true },
      { keyType: 'beef' },
    ],
    log: say,
  });
  const files = c.pki.clients['validator-a']!;
  const client = (i: number) =>
    new SignerClient({
      urls: [`127.0.0.1:${c.signerPorts[i]}`],
      tls: { ca: c.pki.ca.cert, cert: files.cert, key: files.key },
      timeoutMs: 8000,
    });
  const a = client(0);
  const b = client(1);
  const ledger = new Ledger();
  const start = 9000n;
  let lastShown = -1;
  ledger.onEntry = (e) => {
    const k = Number(e.slot - start);
    if (k % 10 !== 9 || k === lastShown) return;
    lastShown = k;
    const signed = ledger.entries.filter((x) => x.outcome.kind === 'signature' || x.outcome.kind === 'vrf');
    const seals = signed.filter((x) => x.kind === 'babe-seal').length;
    const refused = ledger.entries.filter((x) => x.outcome.kind === 'refusal').length;
    const failed = ledger.entries.filter((x) => x.outcome.kind === 'error').length;
    say(
      `slot ${k + 1}/${SLOTS}: ${signed.length} signed (${seals} seals), ${refused} refused, ${failed} not answered`,
    );
  };
  say(`${SLOTS} slots of ${SLOT_MS} ms; validator A at peer 1, validator B at peer 2`);
  const run = await runDay({
    startSlot: start,
    slots: SLOTS,
    seed: Date.now() % 1000,
    clients: { a, b },
    babeKey: keys.get('babe')!,
    slotMs: SLOT_MS,
    jitterMs: 40,
    ledger,
    events: [
      {
        k: Math.floor(SLOTS / 3),
        run: async () => {
          say('FAULT: peer 3 killed (SIGKILL)');
          await c.kill(2);
        },
      },
      {
        k: Math.floor(SLOTS / 2),
        run: async () => {
          say('peer 3 restarting');
          await c.startPeer(2);
          await c.settled(2);
          say('peer 3 back and attested');
        },
      },
    ],
  });
  a.close();
  b.close();
  const k = (t: string) => keys.get(t)!;
  const verdict = judge({
    entries: run.ledger.entries,
    keys: {
      babe: k('babe'),
      gran: k('gran'),
      para: k('para'),
      asgn: k('asgn'),
      audi: k('audi'),
      beef: k('beef'),
    },
    epoch: { ...run.epoch, authorities: run.epoch.authorities.length },
    slots: { start, count: SLOTS },
  });
  console.log('\n' + formatReport(summarise(run.ledger.entries, verdict, SLOTS, run.wallMs)));
  if (verdict.missed.length)
    console.log(
      `missed slots (contested by the twins while peer 3 was down, or not answered): ${verdict.missed.map((s) => Number(s - start) + 1).join(', ')}`,
    );
  console.log(
    verdict.offences.length ? 'OFFENCES FOUND' : 'no offences: nothing slashable came out of the cluster',
  );
  process.exitCode = verdict.offences.length || verdict.rejected.length ? 1 : 0;
} finally {
  await c.stop();
}
