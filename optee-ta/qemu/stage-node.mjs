#!/usr/bin/env node
/**
 * Lays out what Node in the guest needs to run the optee backend: @triad/tee's build and every
 * package it loads at run time (its `dependencies`, followed from each package's own directory as
 * Node resolves them), under DEST/opt/triad/node_modules. The workspace packages bring their
 * package.json and dist/ only; the others come whole, without type declarations, maps and docs.
 *
 * Usage: node stage-node.mjs REPO DEST
 */
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

const [repo, dest] = process.argv.slice(2);
if (!repo || !dest) {
  console.error('usage: stage-node.mjs REPO DEST');
  process.exit(2);
}
const modules = join(dest, 'opt', 'triad', 'node_modules');
const workspace = (name) => name.startsWith('@triad/');
const skip = /\.(d\.ts|d\.mts|d\.cts|map|md|markdown)$|\/(test|tests|docs?|examples?)\//;

/** The directory `name` resolves to from package directory `from`, as Node walks node_modules up. */
function locate(name, from) {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) throw new Error(`${name} not found from ${from}`);
  }
}

const placed = new Set();
function place(name, from) {
  if (placed.has(name)) return;
  placed.add(name);
  const dir = workspace(name) ? join(repo, 'packages', name.slice('@triad/'.length)) : locate(name, from);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const to = join(modules, name);
  mkdirSync(to, { recursive: true });
  if (workspace(name)) {
    cpSync(join(dir, 'package.json'), join(to, 'package.json'));
    cpSync(join(dir, 'dist', 'src'), join(to, 'dist', 'src'), {
      recursive: true,
      filter: (f) => !skip.test(f),
    });
  } else {
    cpSync(dir, to, {
      recursive: true,
      filter: (f) => !skip.test(f) && !f.slice(dir.length).includes('/node_modules/'),
    });
  }
  for (const dep of Object.keys(manifest.dependencies ?? {})) place(dep, dir);
}

place('@triad/tee', repo);
console.log([...placed].sort().join(' '));
