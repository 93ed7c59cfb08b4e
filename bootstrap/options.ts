import { parseArgs } from 'node:util'
import type { NetworkMode } from '../src/node/config.js'
import { OptionsError, parseNetwork, parsePort } from '../bin/options.js'

/** The port a bootstrap node listens on when none is given. */
export const DEFAULT_BOOTSTRAP_PORT = 6667

/** Options of a bootstrap node, from the command line. */
export interface BootstrapOptions {
  port: number
  dataDir?: string
  json: boolean
  network: NetworkMode
  help: boolean
}

/** The usage text of the bootstrap CLI. */
export const BOOTSTRAP_USAGE = `usage: crypticomm-bootstrap [PORT] [options]

  PORT                  TCP port to listen on, all interfaces (default ${DEFAULT_BOOTSTRAP_PORT})
  --data DIR            data directory (default: ~/.crypticomm-bootstrap)
  --network lan|wan     lan (default) keeps loopback/private addresses; wan only public ones
  --json                one JSON event per output line (for scripts)
  --help                this text

console commands (stdin): help, list users, quit`

/**
 * Parse the bootstrap node's command line.
 *
 * @throws {OptionsError} when it cannot be understood
 */
export function parseBootstrapOptions (argv: string[]): BootstrapOptions {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        data: { type: 'string' },
        network: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' }
      }
    })
  } catch (err) {
    throw new OptionsError(`${(err as Error).message} (try --help)`)
  }
  const { values, positionals } = parsed
  if (positionals.length > 1) {
    throw new OptionsError('expected at most one PORT (try --help)')
  }
  const portText = positionals[0] ?? values.port
  return {
    port: portText == null ? DEFAULT_BOOTSTRAP_PORT : parsePort(portText, 'PORT'),
    dataDir: values.data,
    json: values.json === true,
    network: parseNetwork(values.network),
    help: values.help === true
  }
}
