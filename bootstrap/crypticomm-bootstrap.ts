#!/usr/bin/env node
/**
 * The CryptiComm bootstrap node: `crypticomm-bootstrap [PORT] [--data DIR]
 * [--json]`. A peer like any other that listens on a well-known port, keeps
 * its identity and DHT records on disk, follows the room directory, and
 * offers an operator console on stdin.
 */
import { createInterface } from 'node:readline'
import { logger } from '@libp2p/logger'
import { ChatClient } from '../src/chat/chat-client.js'
import { OperatorService } from '../src/chat/operator.js'
import { OptionsError } from '../bin/options.js'
import { defaultDataDir } from '../bin/data-dir.js'
import { logStrayErrors, printableAddrs, startNode } from '../bin/start-node.js'
import { BOOTSTRAP_USAGE, parseBootstrapOptions } from './options.js'
import { formatConsoleEvent, runConsoleLine } from './console.js'
import type { ConsoleEvent } from './console.js'

const log = logger('crypticomm:bootstrap')

async function main (): Promise<void> {
  let options
  try {
    options = parseBootstrapOptions(process.argv.slice(2))
  } catch (err) {
    if (err instanceof OptionsError) {
      process.stderr.write(`crypticomm-bootstrap: ${err.message}\n`)
      process.exit(2)
    }
    throw err
  }
  if (options.help) {
    process.stdout.write(BOOTSTRAP_USAGE + '\n')
    return
  }
  logStrayErrors('crypticomm:bootstrap')
  const dataDir = options.dataDir ?? defaultDataDir(true)
  let started
  // bound once the node exists: the gater asks it about every connection
  const late: { operator?: OperatorService } = {}
  try {
    started = await startNode({ dataDir, port: options.port, network: options.network, bootstrapNode: true, isDenied: (peer) => late.operator?.isDenied(peer) ?? false })
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    const why = e.code === 'EADDRINUSE' ? `port ${options.port} is in use: pass another PORT` : e.message
    process.stderr.write(`crypticomm-bootstrap: cannot start: ${why}\n`)
    process.exit(1)
  }
  const { node } = started
  // the bootstrap's identity is the network's operator ("server owner")
  const operator = new OperatorService(node, { operator: node.peerId.toString(), privateKey: started.key, datastore: started.datastore })
  late.operator = operator
  await operator.start()
  const chat = new ChatClient(node, { nick: 'bootstrap', privateKey: started.key, datastore: started.datastore, operator })
  chat.start()

  const print = (event: ConsoleEvent | Record<string, unknown> & { type: string }): void => {
    if (options.json) {
      process.stdout.write(JSON.stringify(event) + '\n')
    } else {
      process.stdout.write(formatConsoleEvent(event as ConsoleEvent).join('\n') + '\n')
    }
  }
  const addrs = printableAddrs(node)
  if (options.json) {
    print({ type: 'ready', peer: node.peerId.toString(), addrs, network: options.network })
  } else {
    process.stdout.write([
      `CryptiComm bootstrap node ${node.peerId.toString()} on the ${options.network} network.`,
      'Peers join with:  crypticomm --bootstrap ADDR   (or: crypticomm HOST PORT)  using one of:',
      ...addrs.map(a => `  ${a}`),
      'It is this network\'s operator. Console: help, list users, announce, ban, unban, bans, kick, quit'
    ].join('\n') + '\n')
  }

  let quitting = false
  const quit = async (): Promise<void> => {
    if (quitting) {
      return
    }
    quitting = true
    await chat.stop().catch(err => { log.error('stopping chat failed: %e', err) })
    await operator.stop().catch(err => { log.error('stopping the operator service failed: %e', err) })
    await started.stop().catch(err => { log.error('stopping the node failed: %e', err) })
    process.exit(0)
  }
  process.on('SIGINT', () => { void quit() })
  process.on('SIGTERM', () => { void quit() })

  const rl = createInterface({ input: process.stdin, terminal: false })
  // console lines run one at a time, in order
  let queue = Promise.resolve()
  rl.on('line', (line) => {
    queue = queue.then(async () => {
      const event = await runConsoleLine(line, { node, chat, operator }, Date.now())
      if (event == null) {
        return
      }
      print(event)
      if (event.type === 'quit') {
        await quit()
      }
    }).catch(err => {
      print({ type: 'error', message: (err as Error).message, time: Date.now() })
    })
  })
  // a bootstrap keeps serving when its stdin closes (e.g. started with < /dev/null)
}

main().catch(err => {
  process.stderr.write(`crypticomm-bootstrap: ${(err as Error).message}\n`)
  process.exit(1)
})
