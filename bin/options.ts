import { isIP } from 'node:net'
import { parseArgs } from 'node:util'
import { multiaddr } from '@multiformats/multiaddr'
import { peerIdFromString } from '@libp2p/peer-id'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { NetworkMode } from '../src/node/config.js'

/** Options of a CryptiComm peer, from the command line. */
export interface PeerOptions {
  nick?: string
  bootstrap: Multiaddr[]
  /** `--bootstrap` values that are not valid multiaddrs, with why */
  badBootstrap: string[]
  port: number
  dataDir?: string
  json: boolean
  network: NetworkMode
  help: boolean
  /** the network operator's peer id, when given with --operator */
  operator?: string
}

/** A command line that cannot be understood. */
export class OptionsError extends Error {
  override readonly name = 'OptionsError'
}

/** The usage text of the peer CLI. */
export const PEER_USAGE = `usage: crypticomm [HOST PORT] [options]

  HOST PORT             connect to a bootstrap node at HOST:PORT (like --bootstrap)
  --bootstrap ADDR      a multiaddr of any peer of the network (repeatable)
  --nick NAME           your nickname (remembered in the data directory)
  --port PORT           TCP port to listen on (default: any free port)
  --data DIR            data directory (default: ~/.crypticomm)
  --network lan|wan     lan (default) keeps loopback/private addresses; wan only public ones
  --operator PEERID     the network operator (default: the peer id in the bootstrap address; remembered)
  --json                one JSON event per output line (for scripts)
  --help                this text`

/** Parse a TCP port, 0..65535. */
export function parsePort (value: string, what: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) {
    throw new OptionsError(`${what} must be a number from 0 to 65535 (got "${value}")`)
  }
  return Number(value)
}

/** Turn `HOST PORT` into a multiaddr (IPv4, IPv6 or DNS name). */
export function hostPortToMultiaddr (host: string, port: string): Multiaddr {
  const p = parsePort(port, 'PORT')
  const family = isIP(host)
  const proto = family === 4 ? 'ip4' : family === 6 ? 'ip6' : 'dns'
  if (family === 0 && !/^[a-zA-Z0-9.-]+$/.test(host)) {
    throw new OptionsError(`"${host}" is not a host name or IP address`)
  }
  return multiaddr(`/${proto}/${host}/tcp/${p}`)
}

/** Check a peer id given on the command line. */
export function parsePeerId (value: string, what: string): string {
  try {
    return peerIdFromString(value).toString()
  } catch {
    throw new OptionsError(`${what} must be a peer id like 12D3KooW... (got "${value.slice(0, 60)}")`)
  }
}

/** Parse a network mode. */
export function parseNetwork (value: string | undefined): NetworkMode {
  if (value == null || value === 'lan' || value === 'wan') {
    return value ?? 'lan'
  }
  throw new OptionsError(`--network must be "lan" or "wan" (got "${value}")`)
}

/**
 * Parse the peer's command line. Bad `--bootstrap` addresses are collected in
 * `badBootstrap` rather than thrown: the peer reports them and keeps running.
 *
 * @throws {OptionsError} for anything else that is wrong
 */
export function parsePeerOptions (argv: string[]): PeerOptions {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        nick: { type: 'string' },
        bootstrap: { type: 'string', multiple: true },
        port: { type: 'string' },
        data: { type: 'string' },
        network: { type: 'string' },
        json: { type: 'boolean' },
        operator: { type: 'string' },
        help: { type: 'boolean', short: 'h' }
      }
    })
  } catch (err) {
    throw new OptionsError(`${(err as Error).message} (try --help)`)
  }
  const { values, positionals } = parsed
  const bootstrap: Multiaddr[] = []
  const badBootstrap: string[] = []
  if (positionals.length === 2) {
    bootstrap.push(hostPortToMultiaddr(positionals[0], positionals[1]))
  } else if (positionals.length !== 0) {
    throw new OptionsError('expected HOST PORT or nothing before the options (try --help)')
  }
  for (const value of values.bootstrap ?? []) {
    try {
      bootstrap.push(multiaddr(value))
    } catch (err) {
      badBootstrap.push(`"${value}" is not a valid multiaddr (${(err as Error).message}); expected e.g. /ip4/192.0.2.1/tcp/6667/p2p/12D3KooW...`)
    }
  }
  return {
    nick: values.nick,
    bootstrap,
    badBootstrap,
    operator: values.operator == null ? undefined : parsePeerId(values.operator, '--operator'),
    port: values.port == null ? 0 : parsePort(values.port, '--port'),
    dataDir: values.data,
    json: values.json === true,
    network: parseNetwork(values.network),
    help: values.help === true
  }
}
