/**
 * Operators' names for keys ("validator-a", "kusama-2"): given at a DKG or a rotation, kept by
 * every peer beside its TA (the TA holds shares, not names), and shown with the key by
 * `GetPublicKeys` and `triadctl keys`. A label is a note for people: nothing is decided by it.
 *
 * One JSON file in the peer's data dir, `{ "<key type>:<public key hex>": "<label>" }`, replaced
 * whole (a temporary file renamed over it) so that a crash leaves the old or the new file, never
 * half of one. A file that does not parse is kept aside (`.corrupt`) and named in the log, and the
 * peer goes on without labels: a label is never worth a peer that does not start.
 */
import type { KeyId } from '@triad/tee';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';

/** Printable ASCII, no quotes or backslashes, 1..64 characters: safe in a table, a log line, a shell. */
export const LABEL_PATTERN = /^[A-Za-z0-9 _.:/@+-]{1,64}$/;

export const isLabel = (v: unknown): v is string => typeof v === 'string' && LABEL_PATTERN.test(v);

const nameOf = (key: KeyId): string => `${key.keyType}:${Buffer.from(key.publicKey).toString('hex')}`;
// a key's name: its type, then its public key (32 bytes, or 33 SEC1 compressed for an ecdsa key)
const ENTRY = /^[a-z0-9]{4}:(?:[0-9a-f]{64}|0[23][0-9a-f]{64})$/;

export class KeyLabels {
  private writing: Promise<boolean> = Promise.resolve(true);

  private constructor(
    private readonly file: string,
    private readonly labels: Map<string, string>,
    private readonly warn: (message: string) => void,
  ) {}

  /** The labels in `file`; none when it is absent; a file that does not parse is moved aside. */
  static open(file: string, warn: (message: string) => void = () => undefined): KeyLabels {
    if (!existsSync(file)) return new KeyLabels(file, new Map(), warn);
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('not a JSON object');
      const entries = Object.entries(parsed as Record<string, unknown>);
      for (const [name, label] of entries)
        if (!ENTRY.test(name) || !isLabel(label)) throw new Error(`bad entry ${JSON.stringify(name)}`);
      return new KeyLabels(file, new Map(entries as [string, string][]), warn);
    } catch (e) {
      const aside = `${file}.corrupt`;
      renameSync(file, aside);
      warn(`key labels ${file} unreadable (${(e as Error).message}): moved to ${aside}, going on without`);
      return new KeyLabels(file, new Map(), warn);
    }
  }

  get(key: KeyId): string | undefined {
    return this.labels.get(nameOf(key));
  }

  /**
   * Names a key, durably: true once the file is replaced. Writes run one after another. A write
   * that fails is warned about and resolves false (the label holds until the peer restarts): the
   * key it names was made all the same, and a ceremony must not fail over its note.
   */
  set(key: KeyId, label: string): Promise<boolean> {
    if (!isLabel(label)) throw new TypeError(`a label is 1..64 of ${LABEL_PATTERN.source}`);
    this.labels.set(nameOf(key), label);
    const snapshot = JSON.stringify(Object.fromEntries(this.labels), null, 2);
    const write = async (): Promise<boolean> => {
      const tmp = `${this.file}.tmp`;
      try {
        await writeFile(tmp, snapshot, { mode: 0o640, flush: true });
        await rename(tmp, this.file);
        return true;
      } catch (e) {
        this.warn(`key labels ${this.file} not written: ${(e as Error).message}`);
        return false;
      }
    };
    this.writing = this.writing.then(write);
    return this.writing;
  }
}
