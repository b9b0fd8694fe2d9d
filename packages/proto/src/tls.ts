/**
 * Which name a TLS client gives a peer. grpc-js names the server by the host of the target it
 * dials, both as the TLS ServerName (SNI) and as the name the certificate must carry. For an IP
 * literal that is wrong twice over: RFC 6066 forbids an IP as ServerName (Node warns, DEP0123, and
 * will ignore it), and the peers' certificates name them by DNS names. So, as gRPC clients do, we
 * dial the address but override the target name with a DNS name the certificate carries:
 *
 * - a name given for the target (a peer's DNS name in its certificate) is used as is;
 * - a DNS-name target needs nothing: grpc-js names the server by it;
 * - a loopback address is `localhost`: the name the dev and test certificates carry next to
 *   127.0.0.1 (`triadctl certs` issues peer certificates for 127.0.0.1 and localhost by default);
 * - any other IP address keeps grpc-js's own behaviour (the certificate's IP entry is checked),
 *   and Node warns: give the peers a DNS name in their certificates and pass it here.
 */
import type { ChannelOptions } from '@grpc/grpc-js';
import { BlockList, isIP } from 'node:net';

/** The name a loopback target is given: the one dev and test peer certificates carry. */
export const LOOPBACK_SERVER_NAME = 'localhost';

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** The host of a grpc-js target `host:port` or `[v6]:port` (no scheme), without brackets. */
export function targetHost(target: string): string {
  const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(target);
  if (v6) return v6[1]!;
  const colon = target.lastIndexOf(':');
  return colon < 0 ? target : target.slice(0, colon);
}

/** The name to check `target`'s certificate against instead of its host, if it needs one. */
export function defaultServerName(target: string): string | undefined {
  const host = targetHost(target);
  const family = isIP(host);
  if (family === 0) return undefined;
  return loopback.check(host, family === 4 ? 'ipv4' : 'ipv6') ? LOOPBACK_SERVER_NAME : undefined;
}

/**
 * grpc-js channel options that name the server at `target` `serverName` (default:
 * defaultServerName(target)) in the TLS handshake and in the `:authority` of its calls; none when
 * the target's host is the name already.
 */
export function tlsChannelOptions(target: string, serverName?: string): ChannelOptions {
  const name = serverName ?? defaultServerName(target);
  if (name === undefined) return {};
  return { 'grpc.ssl_target_name_override': name, 'grpc.default_authority': name };
}
