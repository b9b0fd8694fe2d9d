/** Which attested cosigner a coordinator asks first: a pure ranking of what the peer knows. */
import { describe, expect, it } from '@jest/globals';
import { isUsableCosigner, rankCosigners } from '../src/index.js';
import type { CosignerHealth } from '../src/index.js';

/** An attested peer, connected over the mesh with gossip (unlocked) and a round trip of `rttMs`. */
const healthy = (peerId: string, rttMs?: number): CosignerHealth => ({
  peerId,
  attested: true,
  channelFailing: false,
  mesh: { connected: true, ...(rttMs === undefined ? {} : { rttMs }), gossip: { lockState: 'unlocked' } },
});

describe('rankCosigners', () => {
  it('with a mesh: the healthy ones by round trip, an unknown round trip last among them', () => {
    const peers = [healthy('a', 9), healthy('b'), healthy('c', 2), healthy('d', 5)];
    expect(rankCosigners(peers, true)).toEqual(['c', 'd', 'a', 'b']);
  });

  it('asks only attested peers', () => {
    expect(rankCosigners([{ ...healthy('a', 1), attested: false }, healthy('b', 9)], true)).toEqual(['b']);
    expect(rankCosigners([{ ...healthy('a'), attested: false }], false)).toEqual([]);
  });

  it('connected but silent (no gossip yet) comes after the healthy ones, before the unusable ones', () => {
    const silent: CosignerHealth = { ...healthy('silent'), mesh: { connected: true, rttMs: 1 } };
    const locked: CosignerHealth = {
      ...healthy('locked', 1),
      mesh: { connected: true, rttMs: 1, gossip: { lockState: 'locked' } },
    };
    expect(rankCosigners([locked, silent, healthy('slow', 50)], true)).toEqual(['slow', 'silent', 'locked']);
  });

  it('a TA locked or rolled back, a failing channel, or (with a mesh) no connection: still asked, last, in configured order', () => {
    const rolledBack: CosignerHealth = {
      ...healthy('rb', 1),
      mesh: { connected: true, gossip: { lockState: 'rolled-back' } },
    };
    const failing: CosignerHealth = { ...healthy('failing', 1), channelFailing: true };
    const down: CosignerHealth = { ...healthy('down', 1), mesh: { connected: false } };
    const unknownToMesh: CosignerHealth = { peerId: 'unknown', attested: true, channelFailing: false };
    expect(rankCosigners([rolledBack, failing, down, unknownToMesh, healthy('ok', 99)], true)).toEqual([
      'ok',
      'rb',
      'failing',
      'down',
      'unknown',
    ]);
  });

  it('without a mesh: every usable peer in configured order, one whose channel fails last', () => {
    const plain = (peerId: string, channelFailing = false): CosignerHealth => ({
      peerId,
      attested: true,
      channelFailing,
    });
    expect(rankCosigners([plain('a', true), plain('b'), plain('c')], false)).toEqual(['b', 'c', 'a']);
  });
});

describe('isUsableCosigner', () => {
  it('judges lock state by gossip, reachability by channel and (with a mesh) connection; not by gossiped canSign', () => {
    expect(isUsableCosigner(healthy('a', 1), true)).toBe(true);
    expect(isUsableCosigner({ peerId: 'a', attested: true, channelFailing: false }, false)).toBe(true);
    expect(isUsableCosigner({ peerId: 'a', attested: true, channelFailing: false }, true)).toBe(false);
    expect(isUsableCosigner({ ...healthy('a'), channelFailing: true }, false)).toBe(false);
    const locked = { ...healthy('a'), mesh: { connected: true, gossip: { lockState: 'locked' } } };
    expect(isUsableCosigner(locked, true)).toBe(false);
    const unknown = { ...healthy('a'), mesh: { connected: true, gossip: { lockState: 'unknown' } } };
    expect(isUsableCosigner(unknown, true)).toBe(true);
  });
});
