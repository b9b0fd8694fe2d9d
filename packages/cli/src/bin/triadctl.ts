#!/usr/bin/env node
/**
 * `triadctl`: tables by default, `--json` for machines. Exit 0 when done (for `status`: the cluster
 * can sign), 1 when not, 2 on bad usage with one line saying what is wrong.
 */
import { parseArgs } from 'node:util';
import type { AssignmentVrfFields, BabeVrfFields, SignRequest } from '@triad/client';
import { clusterStatus, formatStatus, statusJson } from '../commands/status.js';
import { formatKeys, listKeys, sign, vrf } from '../commands/keys.js';
import { runDkg, runRefresh } from '../commands/dkg.js';
import { formatRotation, parseOwner, retireKey, rotateKeys } from '../commands/session-keys.js';
import { enroll, makeCerts, meshKey } from '../commands/certs.js';
import { resolveTarget } from '../target.js';
import {
  EXIT,
  parseHex,
  parseKey32,
  parsePublicKey,
  parseKeyType,
  parseLabel,
  parsePositive,
  parseU64,
  USAGE,
  UsageError,
} from '../usage.js';

const OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  urls: { type: 'string' },
  ca: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  'server-name': { type: 'string' },
  cluster: { type: 'string' },
  timeout: { type: 'string' },
  kind: { type: 'string' },
  header: { type: 'string' },
  payload: { type: 'string' },
  'key-type': { type: 'string' },
  'non-slashable': { type: 'boolean' },
  threshold: { type: 'string' },
  ss58: { type: 'string' },
  dir: { type: 'string' },
  peers: { type: 'string' },
  hosts: { type: 'string' },
  clients: { type: 'string' },
  'ta-socket': { type: 'string' },
  file: { type: 'string' },
  owner: { type: 'string' },
  'key-types': { type: 'string' },
  'public-key': { type: 'string' },
  label: { type: 'string' },
  slot: { type: 'string' },
  epoch: { type: 'string' },
  randomness: { type: 'string' },
  story: { type: 'string' },
  cores: { type: 'string' },
  core: { type: 'string' },
} as const;

type Flags = ReturnType<typeof parse>['values'];
const parse = (argv: string[]) =>
  parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
const out = (flags: Flags, json: unknown, text: string) =>
  console.log(flags.json ? JSON.stringify(json, null, 2) : text);
const list = (v: string | undefined, flag: string): string[] => {
  const items = (v ?? '').split(',').map((s) => s.trim());
  if (items.some((s) => !s)) throw new UsageError(`${flag}: expected a comma-separated list`);
  return items;
};

/** `--label L`, when given, as a request field. */
/** The key type a payload kind signs with when --key-type is not given (raw has none). */
const DEFAULT_KEY_TYPE: Record<
  'raw' | 'grandpa-vote' | 'para-statement' | 'beefy-commitment',
  string | undefined
> = {
  raw: undefined,
  'grandpa-vote': 'gran',
  'para-statement': 'para',
  'beefy-commitment': 'beef',
};

const labelFlag = (flags: Flags): { label?: string } =>
  flags.label === undefined ? {} : { label: parseLabel(flags.label) };

/** A VRF kind's transcript fields from the flags. */
function vrfFields(kind: string, flags: Flags): BabeVrfFields | AssignmentVrfFields {
  if (kind !== 'assignment-vrf')
    return {
      slot: parseU64(flags.slot, '--slot'),
      epoch: parseU64(flags.epoch, '--epoch'),
      randomness: parseKey32(flags.randomness, '--randomness'),
    };
  const story = parseKey32(flags.story, '--story');
  if ((flags.cores === undefined) === (flags.core === undefined))
    throw new UsageError('assignment-vrf: exactly one of --cores, --core');
  if (flags.core !== undefined) return { story, core: Number(parseU64(flags.core, '--core')) };
  return { story, cores: list(flags.cores, '--cores').map((c) => Number(parseU64(c, '--cores'))) };
}

async function main(argv: string[]): Promise<number> {
  let flags: Flags;
  let command: string | undefined;
  try {
    const parsed = parse(argv);
    flags = parsed.values;
    if (parsed.positionals.length > 1) throw new UsageError(`unexpected argument: ${parsed.positionals[1]}`);
    command = parsed.positionals[0];
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!);
  }
  if (flags.help || !command) {
    console.log(USAGE);
    return flags.help ? EXIT.OK : EXIT.USAGE;
  }
  const timeoutMs = parsePositive(flags.timeout, '--timeout', 5000);
  switch (command) {
    case 'status': {
      const c = await clusterStatus(resolveTarget(flags, 'operator'), timeoutMs);
      out(flags, statusJson(c), formatStatus(c));
      return c.canSign ? EXIT.OK : EXIT.FAILED;
    }
    case 'keys': {
      const rows = await listKeys(
        resolveTarget(flags, 'validator'),
        timeoutMs,
        parsePositive(flags.ss58, '--ss58', 42),
      );
      out(flags, rows, formatKeys(rows));
      return EXIT.OK;
    }
    case 'sign': {
      const kind = flags.kind;
      if (kind === 'babe-vrf' || kind === 'babe-vrf-pre-output' || kind === 'assignment-vrf') {
        const keyType = parseKeyType(flags['key-type'] ?? (kind === 'assignment-vrf' ? 'asgn' : 'babe'));
        const r = await vrf(
          resolveTarget(flags, 'validator'),
          timeoutMs,
          kind,
          vrfFields(kind, flags),
          keyType,
        );
        if ('kind' in r) {
          out(flags, r, `refused: ${r.reason}: ${r.message}`);
          return EXIT.FAILED;
        }
        out(
          flags,
          r,
          Object.entries(r)
            .map(([k, v]) => `${k} ${v}`)
            .join('\n'),
        );
        return EXIT.OK;
      }
      if (
        kind !== 'babe-seal' &&
        kind !== 'raw' &&
        kind !== 'grandpa-vote' &&
        kind !== 'para-statement' &&
        kind !== 'beefy-commitment'
      )
        throw new UsageError(
          '--kind: babe-seal, raw, grandpa-vote, para-statement, beefy-commitment, babe-vrf, babe-vrf-pre-output or assignment-vrf',
        );
      const request: SignRequest =
        kind === 'babe-seal'
          ? {
              kind: 'babe-seal',
              keyType: parseKeyType(flags['key-type'] ?? 'babe'),
              header: parseHex(flags.header, '--header'),
            }
          : {
              kind,
              keyType: parseKeyType(flags['key-type'] ?? DEFAULT_KEY_TYPE[kind]),
              payload: parseHex(flags.payload, '--payload'),
            };
      const r = await sign(resolveTarget(flags, 'validator'), timeoutMs, request);
      out(
        flags,
        r,
        r.kind === 'signature'
          ? `${r.signature}\n(by ${r.coordinator} and ${r.cosigner}, public key ${r.publicKey})`
          : `refused: ${r.reason}: ${r.message}`,
      );
      return r.kind === 'signature' ? EXIT.OK : EXIT.FAILED;
    }
    case 'dkg': {
      const keyType = parseKeyType(flags['key-type']);
      const threshold = parsePositive(flags.threshold, '--threshold', 2);
      const target = resolveTarget(flags, 'operator');
      const outcome = await runDkg(
        target,
        { keyType, nonSlashable: flags['non-slashable'] === true, threshold, ...labelFlag(flags) },
        Math.max(timeoutMs, 30_000),
        (p) => process.stderr.write(`dkg ${keyType}: ${p.stage} ${p.done}/${p.total}\n`),
      );
      out(
        flags,
        outcome,
        `${outcome.keyType} ${outcome.publicKey} (${outcome.threshold}-of-${outcome.peers.length})`,
      );
      return EXIT.OK;
    }
    case 'refresh': {
      const keyType = parseKeyType(flags['key-type']);
      const publicKey =
        flags['public-key'] === undefined ? undefined : parsePublicKey(flags['public-key'], keyType);
      const outcome = await runRefresh(
        resolveTarget(flags, 'operator'),
        { keyType, ...(publicKey && { publicKey }) },
        Math.max(timeoutMs, 30_000),
        (p) => process.stderr.write(`refresh ${keyType}: ${p.stage} ${p.done}/${p.total}\n`),
      );
      out(
        flags,
        outcome,
        `${outcome.keyType} ${outcome.publicKey}: shares refreshed at peers ${outcome.peers.join(', ')}`,
      );
      return EXIT.OK;
    }
    case 'rotate-keys': {
      const owner = parseOwner(flags.owner);
      const keyTypes = flags['key-types']
        ? list(flags['key-types'], '--key-types').map((t) => parseKeyType(t, '--key-types'))
        : [];
      const r = await rotateKeys(
        resolveTarget(flags, 'operator'),
        { owner, keyTypes, ...labelFlag(flags) },
        Math.max(timeoutMs, 120_000),
        (p) => process.stderr.write(`rotate-keys ${p.keyType}: ${p.stage} ${p.done}/${p.total}\n`),
      );
      out(flags, r, formatRotation(r));
      return EXIT.OK;
    }
    case 'retire-key': {
      const keyType = parseKeyType(flags['key-type']);
      const publicKey = parsePublicKey(flags['public-key'], keyType);
      const r = await retireKey(
        resolveTarget(flags, 'operator'),
        { keyType, publicKey },
        Math.max(timeoutMs, 30_000),
      );
      out(
        flags,
        r,
        `${keyType} 0x${Buffer.from(publicKey).toString('hex')} retired at peers ${r.peers.join(', ')}`,
      );
      return EXIT.OK;
    }
    case 'certs': {
      if (!flags.dir) throw new UsageError('--dir: where to write the certificates');
      const pki = await makeCerts(
        flags.dir,
        list(flags.peers, '--peers'),
        flags.hosts ? list(flags.hosts, '--hosts') : ['127.0.0.1', 'localhost'],
        flags.clients ? list(flags.clients, '--clients') : ['validator-a', 'ops'],
      );
      out(flags, pki, `${pki.created.length} files written in ${pki.dir} (existing ones kept)`);
      return EXIT.OK;
    }
    case 'enroll': {
      const e = await enroll(flags['ta-socket']);
      out(flags, e, `measurement: ${e.measurement}\ndevice:\n  e: ${e.device.e}\n  n: ${e.device.n}`);
      return EXIT.OK;
    }
    case 'mesh-key': {
      if (!flags.file) throw new UsageError('--file: the libp2p key file (made when absent)');
      const k = await meshKey(flags.file);
      out(flags, k, `${k.id}${k.created ? ' (new key)' : ''}`);
      return EXIT.OK;
    }
    default:
      throw new UsageError(`unknown command: ${command} (try triadctl --help)`);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError) {
    console.error(`triadctl: ${e.message}`);
    process.exitCode = EXIT.USAGE;
  } else {
    console.error(`triadctl: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = EXIT.FAILED;
  }
}
