import { describe, expect, it } from '@jest/globals';
import { defaultServerName, LOOPBACK_SERVER_NAME, targetHost, tlsChannelOptions } from '../src/index.js';

describe('naming a peer in TLS', () => {
  it('targetHost: the host of host:port and [v6]:port', () => {
    expect(targetHost('peer-1.example:7100')).toBe('peer-1.example');
    expect(targetHost('10.0.0.2:7201')).toBe('10.0.0.2');
    expect(targetHost('[::1]:7100')).toBe('::1');
    expect(targetHost('[fe80::1]:1')).toBe('fe80::1');
    expect(targetHost('localhost')).toBe('localhost');
  });

  it('a loopback address is localhost; a DNS name or another address needs no default', () => {
    expect(LOOPBACK_SERVER_NAME).toBe('localhost');
    for (const t of ['127.0.0.1:7101', '127.1.2.3:1', '[::1]:7101', '[0:0:0:0:0:0:0:1]:7101'])
      expect([t, defaultServerName(t)]).toEqual([t, 'localhost']);
    for (const t of ['peer-1.example:7100', 'localhost:7100', '10.0.0.2:7201', '[2001:db8::1]:7100'])
      expect([t, defaultServerName(t)]).toEqual([t, undefined]);
  });

  it('tlsChannelOptions: override the target name (and the authority) when there is a name', () => {
    const named = (name: string) => ({
      'grpc.ssl_target_name_override': name,
      'grpc.default_authority': name,
    });
    expect(tlsChannelOptions('127.0.0.1:7101')).toEqual(named('localhost'));
    expect(tlsChannelOptions('10.0.0.2:7201', 'triad-peer-2.example')).toEqual(named('triad-peer-2.example'));
    expect(tlsChannelOptions('127.0.0.1:7101', 'peer.example')).toEqual(named('peer.example'));
    expect(tlsChannelOptions('peer-1.example:7100')).toEqual({});
    expect(tlsChannelOptions('10.0.0.2:7201')).toEqual({});
  });
});
