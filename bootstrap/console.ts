import type { ChatClient } from '../src/chat/chat-client.js'
import type { CryptiNode } from '../src/node/create-node.js'

/** One user as the operator console lists it. */
export interface UserEntry {
  nick: string | null
  peer: string
  rooms: string[]
  address: string | null
  connected: boolean
  lastSeen: number
}

/** What the console prints, as data (JSON mode prints it as it is). */
export type ConsoleEvent =
  | { type: 'users', users: UserEntry[], time: number }
  | { type: 'help', commands: Array<{ usage: string, description: string }>, time: number }
  | { type: 'notice', message: string, time: number }
  | { type: 'error', message: string, time: number }
  | { type: 'quit', time: number }

/** The console commands of the bootstrap node. */
export const CONSOLE_COMMANDS = [
  { usage: 'list users', description: 'every peer this node knows of: nick, peer id, rooms, address, last seen' },
  { usage: 'help', description: 'this list' },
  { usage: 'quit', description: 'stop the bootstrap node' }
]

/**
 * Everyone the bootstrap knows of: its direct connections, and every member
 * the room directory lists (peers it is not connected to included).
 */
export function listUsers (node: CryptiNode, chat: ChatClient, now: number): UserEntry[] {
  const users = new Map<string, UserEntry>()
  for (const member of chat.listDirectoryMembers()) {
    users.set(member.peer, { nick: member.nick, peer: member.peer, rooms: member.rooms.sort(), address: null, connected: false, lastSeen: member.lastHeardMs })
  }
  for (const connection of node.getConnections()) {
    const peer = connection.remotePeer.toString()
    const entry = users.get(peer) ?? { nick: chat.nickOf(peer) ?? null, peer, rooms: [], address: null, connected: true, lastSeen: now }
    entry.address = connection.remoteAddr.toString()
    entry.connected = true
    entry.lastSeen = now
    users.set(peer, entry)
  }
  return [...users.values()].sort((a, b) => (a.nick ?? '~').localeCompare(b.nick ?? '~') || a.peer.localeCompare(b.peer))
}

/** Run one console line; returns what to print. Unknown commands get a one-line error. */
export function runConsoleLine (line: string, node: CryptiNode, chat: ChatClient, now: number): ConsoleEvent | undefined {
  const words = line.trim().toLowerCase().split(/\s+/).filter(Boolean)
  const command = words.join(' ')
  if (command === '') {
    return undefined
  }
  if (command === 'help' || command === '?') {
    return { type: 'help', commands: CONSOLE_COMMANDS, time: now }
  }
  if (command === 'list users' || command === 'users') {
    return { type: 'users', users: listUsers(node, chat, now), time: now }
  }
  if (command === 'quit' || command === 'exit') {
    return { type: 'quit', time: now }
  }
  return { type: 'error', message: `unknown command "${line.trim().slice(0, 40)}": type help for the list`, time: now }
}

/** Human-readable lines for a console event. */
export function formatConsoleEvent (event: ConsoleEvent): string[] {
  switch (event.type) {
    case 'users': {
      if (event.users.length === 0) {
        return ['no users known yet']
      }
      const rows = event.users.map(u => {
        const seen = Math.max(0, Math.round((event.time - u.lastSeen) / 1000))
        return `  ${(u.nick ?? '?').padEnd(16)} ${u.peer}  ${(u.rooms.map(r => `#${r}`).join(',') || '-').padEnd(16)} ${u.address ?? '(not connected)'}  ${u.connected ? 'now' : `${seen}s ago`}`
      })
      return [`${event.users.length} user${event.users.length === 1 ? '' : 's'}:`, ...rows]
    }
    case 'help':
      return ['commands:', ...event.commands.map(c => `  ${c.usage.padEnd(12)} ${c.description}`)]
    case 'notice':
      return [event.message]
    case 'error':
      return [`error: ${event.message}`]
    case 'quit':
      return ['bye']
  }
}
