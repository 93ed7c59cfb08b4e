#!/usr/bin/env node
/**
 * The CryptiComm peer: `crypticomm [HOST PORT] [--bootstrap ADDR] [--nick N]
 * [--port P] [--data DIR] [--json]`. Parses the command line, loads the
 * identity, starts the node and runs the terminal UI.
 */
import { logger } from '@libp2p/logger'
import { ChatClient } from '../src/chat/chat-client.js'
import { normaliseNick } from '../src/protocol/names.js'
import { PeerDialer, dialKnownPeers } from '../src/node/peer-dialer.js'
import { createSession } from '../src/ui/session.js'
import { handleLine } from '../src/ui/dispatch.js'
import { COMMANDS } from '../src/ui/commands/index.js'
import type { UiEvent } from '../src/ui/ui-events.js'
import { OptionsError, PEER_USAGE, parsePeerOptions } from './options.js'
import { defaultDataDir, loadIgnoreList, readSettings, saveIgnoreList, saveToken, writeSettings } from './data-dir.js'
import { DirectMessages } from '../src/chat/direct-messages.js'
import { NickRegistry } from '../src/chat/nick-registry.js'
import type { NickEntry } from '../src/chat/nick-registry.js'
import type { PeopleServices } from '../src/ui/commands/msg.js'
import type { Settings } from './data-dir.js'
import { OperatorService } from '../src/chat/operator.js'
import { logStrayErrors, printableAddrs, startNode } from './start-node.js'
import { chooseMode, createTerminal } from './terminal.js'

const log = logger('crypticomm:cli')

async function main (): Promise<void> {
  let options
  try {
    options = parsePeerOptions(process.argv.slice(2))
  } catch (err) {
    if (err instanceof OptionsError) {
      process.stderr.write(`crypticomm: ${err.message}\n`)
      process.exit(2)
    }
    throw err
  }
  if (options.help) {
    process.stdout.write(PEER_USAGE + '\n')
    return
  }
  logStrayErrors('crypticomm:cli')
  const dataDir = options.dataDir ?? defaultDataDir()
  let operator: OperatorService | undefined
  const started = await startNode({ dataDir, port: options.port, network: options.network, isDenied: (peer) => operator?.isDenied(peer) ?? false })
  const { node } = started
  let settings = await readSettings(dataDir)
  // settings are written one at a time, in order: the last change is the one kept
  let saving: Promise<void> = Promise.resolve()
  const remember = (patch: Partial<Settings>): Promise<void> => {
    settings = { ...settings, ...patch }
    const snapshot = settings
    saving = saving.then(async () => writeSettings(dataDir, snapshot)).catch(err => { log.error('saving settings failed: %e', err) })
    return saving
  }
  let nick: string
  try {
    nick = normaliseNick(options.nick ?? settings.nick ?? `user-${node.peerId.toString().slice(-4).toLowerCase()}`)
  } catch (err) {
    process.stderr.write(`crypticomm: --nick: ${(err as Error).message}\n`)
    await started.stop()
    process.exit(2)
  }
  if (settings.nick !== nick) {
    void remember({ nick })
  }

  const knownPeers = await node.peerStore.all({ filters: [(p) => p.addresses.length > 0] })
  const expectPeers = options.bootstrap.length > 0 || knownPeers.length > 0
  const chat = new ChatClient(node, { nick, privateKey: started.key, datastore: started.datastore, expectPeers: () => expectPeers })
  chat.start()
  /** Follow the network operator `id`: its bans, kicks and announcements. */
  const followOperator = async (id: string): Promise<void> => {
    operator = new OperatorService(node, { operator: id, privateKey: started.key, datastore: started.datastore })
    await operator.start()
    chat.setOperator(operator)
    if (settings.operator !== id) {
      void remember({ operator: id })
    }
  }
  // --operator, else the peer id in a bootstrap address, else the one remembered
  const operatorId = options.operator ?? options.bootstrap.map(a => a.getComponents().findLast(c => c.name === 'p2p')?.value).find(p => p != null) ?? settings.operator
  if (operatorId != null) {
    await followOperator(operatorId)
  }
  const dialer = new PeerDialer(node, options.bootstrap, logger('crypticomm:dialer'))
  // private messages, nick claims and the ignore list
  const startupWarnings: string[] = []
  const ignores = await loadIgnoreList(dataDir, (message) => { startupWarnings.push(message) })
  ignores.addEventListener('change', () => {
    saving = saving.then(async () => saveIgnoreList(dataDir, ignores)).catch(err => { log.error('saving the ignore list failed: %e', err) })
  })
  const dm = new DirectMessages(node, { isIgnored: (peer) => ignores.has(peer) })
  await dm.start()
  const nicks = new NickRegistry(node, { privateKey: started.key })
  nicks.start()
  let queryTarget: NickEntry | undefined
  const people: PeopleServices = { dm, nicks, ignores, query: () => queryTarget, setQuery: (target) => { queryTarget = target } }
  const claimNick = (name: string): void => {
    nicks.claim(name).catch(err => { log('claiming the nick %s failed: %e', name, err) })
  }
  claimNick(nick)
  const terminal = createTerminal(chooseMode(options.json), {
    commands: COMMANDS,
    rooms: () => chat.listRooms().map(r => r.room),
    joinedRooms: () => chat.joinedRooms(),
    nicks: () => chat.joinedRooms().flatMap(r => chat.members(r).map(m => m.nick))
  })

  let quitting = false
  const quit = async (): Promise<void> => {
    if (quitting) {
      return
    }
    quitting = true
    dialer.stop()
    await chat.stop().catch(err => { log.error('leaving rooms failed: %e', err) })
    await operator?.stop().catch(err => { log.error('stopping the operator service failed: %e', err) })
    await dm.stop().catch(err => { log.error('stopping private messages failed: %e', err) })
    await nicks.stop().catch(err => { log.error('stopping nick claims failed: %e', err) })
    await saving
    terminal.close()
    await started.stop().catch(err => { log.error('stopping the node failed: %e', err) })
    process.exit(0)
  }

  const emit = (event: UiEvent): void => {
    if (event.type === 'joined' && !quitting) {
      // the room is on disk before the join is shown: a crash right after it
      // still brings us back into the room at the next start
      void remember({ rooms: [...new Set([...(settings.rooms ?? []), event.room])] }).then(() => {
        terminal.show(event)
        terminal.setPrompt(event.room)
      })
      return
    }
    if (event.type === 'token') {
      // a reclaim token is on disk (0600) before it is ever shown: a crash
      // right after the user saw it cannot lose it
      saveToken(dataDir, event.room, event.token)
        .then(() => { terminal.show(event) })
        .catch(err => {
          log.error('saving the reclaim token failed: %e', err)
          terminal.show(event)
          terminal.show({ type: 'error', message: `could not save the reclaim token of #${event.room} in ${dataDir}: write it down`, time: Date.now() })
        })
      return
    }
    terminal.show(event)
    if (event.type === 'joined' || event.type === 'current') {
      terminal.setPrompt(event.room ?? undefined)
    }
    // the rooms we are in are remembered (a crash included) and joined again at the next start;
    // leaving them because we quit does not count
    if (event.type === 'left' && !quitting) {
      void remember({ rooms: (settings.rooms ?? []).filter(r => r !== event.room) })
    }
    if (event.type === 'nick' && event.peer === chat.peer) {
      void remember({ nick: event.newNick })
      claimNick(event.newNick)
    }
  }
  const session = createSession({ chat, emit, quit, people })

  emit({ type: 'ready', peer: node.peerId.toString(), nick, addrs: printableAddrs(node), network: options.network })
  for (const message of startupWarnings) {
    emit({ type: 'error', message, time: Date.now() })
  }
  for (const message of options.badBootstrap) {
    emit({ type: 'error', message: `--bootstrap ${message}`, time: Date.now() })
  }
  let claimedOnline = false
  dialer.addEventListener('connected', (evt) => {
    emit({ type: 'notice', message: `connected to ${evt.detail.addr}`, time: Date.now() })
    if (!claimedOnline) {
      // the first claim may have found no DHT peer yet
      claimedOnline = true
      claimNick(chat.nick)
    }
    if (operator == null) {
      // `crypticomm HOST PORT`: the bootstrap's peer id is the operator
      void followOperator(evt.detail.peer).then(() => {
        emit({ type: 'notice', message: `the network operator is ${evt.detail.peer} (the bootstrap); remembered`, time: Date.now() })
      }).catch(err => { log.error('following the operator failed: %e', err) })
    }
  })
  dialer.addEventListener('unreachable', (evt) => {
    emit({ type: 'error', message: `cannot reach ${evt.detail.addr}: ${evt.detail.error}; retrying in ${Math.round(evt.detail.retryInMs / 1000)} s`, time: Date.now() })
  })
  dialer.start()
  void dialKnownPeers(node, log).then(count => {
    if (count === 0 && options.bootstrap.length === 0) {
      emit({ type: 'notice', message: 'no bootstrap given: this peer is a network of one until another peer connects to an address above', time: Date.now() })
    }
  })

  process.on('SIGINT', () => { void quit() })
  process.on('SIGTERM', () => { void quit() })
  const rejoin = settings.rooms ?? []
  if (rejoin.length > 0) {
    emit({ type: 'notice', message: `joining the rooms you were in: ${rejoin.map(r => `#${r}`).join(' ')}`, time: Date.now() })
    for (const room of rejoin) {
      await handleLine(session.ctx, `/join ${room}`)
    }
  }
  terminal.read(async line => handleLine(session.ctx, line), () => { void quit() })
}

main().catch(err => {
  process.stderr.write(`crypticomm: ${(err as Error).message}\n`)
  process.exit(1)
})
