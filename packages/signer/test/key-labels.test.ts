import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLabel, KeyLabels } from '../src/key-labels.js';

const root = mkdtempSync(join(tmpdir(), 'triad-labels-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshFile = (): string => {
  const dir = join(root, `peer-${++dirs}`);
  mkdirSync(dir);
  return join(dir, 'key-labels.json');
};
const key = (n: number, keyType = 'babe') => ({ keyType, publicKey: new Uint8Array(32).fill(n) });

describe('KeyLabels: the operator names of keys, kept beside the TA', () => {
  it('names keys by type and public key, durably: a reopened file has them', async () => {
    const file = freshFile();
    const labels = KeyLabels.open(file);
    expect(labels.get(key(1))).toBeUndefined();
    expect(existsSync(file)).toBe(false); // nothing written until a key is named
    await Promise.all([labels.set(key(1), 'validator-a'), labels.set(key(2), 'validator-b')]);
    expect(await labels.set(key(1, 'audi'), 'validator-a/audi')).toBe(true);
    expect(labels.get(key(1))).toBe('validator-a');
    expect(labels.get(key(1, 'gran'))).toBeUndefined(); // same bytes, another type: another key
    const again = KeyLabels.open(file);
    expect([key(1), key(2), key(1, 'audi')].map((k) => again.get(k))).toEqual([
      'validator-a',
      'validator-b',
      'validator-a/audi',
    ]);
    expect(existsSync(`${file}.tmp`)).toBe(false);
  });

  it('takes 1..64 printable characters without quotes or backslashes', () => {
    for (const ok of ['v', 'validator-a 2026-12', 'kusama:stash@1+2', 'x'.repeat(64)])
      expect(isLabel(ok)).toBe(true);
    for (const bad of ['', 'x'.repeat(65), 'a"b', 'a\\b', 'line\nbreak', 'tab\t', 'é', 7, undefined])
      expect(isLabel(bad)).toBe(false);
    expect(() => KeyLabels.open(freshFile()).set(key(1), 'a"b')).toThrow(TypeError);
  });

  it('a file that does not parse is moved aside and named, and the peer goes on without labels', () => {
    for (const content of [
      '{not json',
      '[]',
      '{"babe:00": "short key"}',
      `{"babe:${'01'.repeat(32)}": "a\\"b"}`,
    ]) {
      const file = freshFile();
      writeFileSync(file, content);
      const warnings: string[] = [];
      const labels = KeyLabels.open(file, (m) => warnings.push(m));
      expect(labels.get(key(1))).toBeUndefined();
      expect(warnings).toEqual([expect.stringContaining(`moved to ${file}.corrupt`)]);
      expect(readFileSync(`${file}.corrupt`, 'utf8')).toBe(content); // kept, not lost
      expect(existsSync(file)).toBe(false);
    }
  });

  it('a write that fails is warned about and resolves false; the label holds in memory', async () => {
    const file = freshFile();
    const warnings: string[] = [];
    const labels = KeyLabels.open(file, (m) => warnings.push(m));
    rmSync(join(file, '..'), { recursive: true }); // the data dir is gone
    expect(await labels.set(key(3), 'validator-c')).toBe(false);
    expect(warnings).toEqual([expect.stringContaining(`key labels ${file} not written`)]);
    expect(labels.get(key(3))).toBe('validator-c');
  });
});
