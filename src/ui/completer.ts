import type { Command } from './command.js'

/** What can be completed at the prompt. */
export interface CompletionSource {
  commands: readonly Command[]
  /** rooms on the network and ours */
  rooms: () => string[]
  /** rooms we are in */
  joinedRooms: () => string[]
  /** nicks we have heard */
  nicks: () => string[]
}

/**
 * Tab completion in the shape node:readline expects: `[candidates, word]`.
 * The first word completes command names; a command's argument completes
 * rooms or nicks as the command declares; a word starting with `#` completes
 * rooms; any other word completes nicks.
 */
export function complete (source: CompletionSource, line: string): [string[], string] {
  const words = line.split(' ')
  const word = words.at(-1) ?? ''
  if (words.length === 1 && word.startsWith('/')) {
    const names = source.commands.flatMap(c => [c.name, ...(c.aliases ?? [])])
    return [names.filter(n => n.startsWith(word.toLowerCase())).map(n => `${n} `), word]
  }
  const command = source.commands.find(c => c.name === words[0] || (c.aliases ?? []).includes(words[0]))
  let pool: string[]
  let rooms = true
  if (command?.completes === 'joined-room') {
    pool = source.joinedRooms().map(r => `#${r}`)
  } else if (word.startsWith('#') || command?.completes === 'room') {
    pool = source.rooms().map(r => `#${r}`)
  } else {
    pool = source.nicks()
    rooms = false
  }
  const prefix = word.toLowerCase()
  // a room completes from "#ga" or from "ga"; a nick only from its start
  const hits = [...new Set(pool)].filter(p => p.toLowerCase().startsWith(prefix) || (rooms && p.slice(1).startsWith(prefix)))
  return [hits.sort(), word]
}
