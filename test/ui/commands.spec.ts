import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ChatClient } from '../../src/chat/chat-client.js'
import { normaliseRoomName } from '../../src/protocol/names.js'
import type { CommandContext } from '../../src/ui/command.js'
import { COMMANDS } from '../../src/ui/commands/index.js'
import { findCommand, handleLine } from '../../src/ui/dispatch.js'
import { formatEvent } from '../../src/ui/format-event.js'
import type { UiEvent } from '../../src/ui/ui-events.js'

/** A chat core stand-in that keeps joined rooms the way the real one names them. */
function fakeChat (rooms: string[]): ChatClient {
  const joined = [...rooms]
  const fake = {
    joinedRooms: () => [...joined],
    join: async (input: string) => {
      const name = normaliseRoomName(input)
      if (!joined.includes(name)) {
        joined.push(name)
      }
      return name
    },
    leave: async (input: string) => {
      const name = normaliseRoomName(input)
      const at = joined.indexOf(name)
      if (at < 0) {
        throw Object.assign(new Error(`you are not in #${name}`), { name: 'NotInRoomError' })
      }
      joined.splice(at, 1)
    }
  }
  return fake as unknown as ChatClient
}

function context (chat: ChatClient = fakeChat([]), current?: string): { ctx: CommandContext, events: UiEvent[] } {
  const events: UiEvent[] = []
  let room = current
  const ctx: CommandContext = {
    chat,
    current: () => room,
    setCurrent: (r) => { room = r },
    emit: (e) => { events.push(e) },
    now: () => 1234,
    quit: async () => {},
    commands: COMMANDS
  }
  return { ctx, events }
}

const allNames = COMMANDS.flatMap(c => [c.name, ...(c.aliases ?? [])])

describe('the command registry', () => {
  it('is not empty and holds the IRC basics', () => {
    for (const name of ['/join', '/leave', '/rooms', '/who', '/nick', '/me', '/help', '/quit']) {
      assert.ok(findCommand(COMMANDS, name), name)
    }
  })

  it('every name and alias starts with "/", is lowercase and has no whitespace', () => {
    for (const name of allNames) {
      assert.match(name, /^\/\S+$/, name)
      assert.equal(name, name.toLowerCase(), name)
      assert.ok(name.length > 1, name)
    }
  })

  it('every name and alias is unique across all commands', () => {
    const seen = new Map<string, string>()
    for (const command of COMMANDS) {
      for (const name of [command.name, ...(command.aliases ?? [])]) {
        assert.ok(!seen.has(name), `${name} is used by ${seen.get(name)} and ${command.name}`)
        seen.set(name, command.name)
      }
    }
  })

  it('every command has a usage starting with its name and a one-line description', () => {
    for (const command of COMMANDS) {
      assert.ok(command.usage === command.name || command.usage.startsWith(`${command.name} `), `${command.name}: usage "${command.usage}"`)
      assert.doesNotMatch(command.usage, /[\r\n]/, command.name)
      assert.ok(command.description.trim().length > 0, `${command.name} has a description`)
      assert.doesNotMatch(command.description, /[\r\n]/, `${command.name}: description is one line`)
      assert.equal(typeof command.run, 'function')
    }
  })

  it('completion hints name a known kind', () => {
    for (const command of COMMANDS) {
      assert.ok(command.completes == null || ['room', 'nick', 'joined-room'].includes(command.completes), command.name)
    }
  })

  it('/help lists every command with its usage and description', async () => {
    const { ctx, events } = context()
    await handleLine(ctx, '/HELP')
    assert.equal(events.length, 1)
    const [event] = events
    assert.equal(event.type, 'help')
    assert.ok(event.type === 'help')
    assert.deepEqual(event.commands, COMMANDS.map(c => ({ usage: c.usage, description: c.description })))
    const text = formatEvent(event, { colour: false, timestamps: false }).join('\n')
    for (const command of COMMANDS) {
      assert.ok(text.includes(command.usage), `/help shows ${command.usage}`)
      assert.ok(text.includes(command.description), `/help describes ${command.name}`)
    }
  })

  it('an unknown command gets a one-line error naming it', async () => {
    const { ctx, events } = context()
    await handleLine(ctx, '/frobnicate now')
    assert.equal(events.length, 1)
    assert.equal(events[0].type, 'error')
    assert.ok(events[0].type === 'error')
    assert.match(events[0].message, /\/frobnicate/)
    assert.match(events[0].message, /\/help/)
  })
})

describe('findCommand', () => {
  it('finds a command by its name', () => {
    for (const command of COMMANDS) {
      assert.equal(findCommand(COMMANDS, command.name), command)
    }
  })

  it('finds a command by each of its aliases', () => {
    for (const command of COMMANDS) {
      for (const alias of command.aliases ?? []) {
        assert.equal(findCommand(COMMANDS, alias), command, alias)
      }
    }
    assert.equal(findCommand(COMMANDS, '/j')?.name, '/join')
    assert.equal(findCommand(COMMANDS, '/part')?.name, '/leave')
  })

  it('finds nothing for unknown names, names without the slash, or prefixes', () => {
    for (const name of ['/frobnicate', 'join', '/jo', '/', '', '/join ', '//join']) {
      assert.equal(findCommand(COMMANDS, name), undefined, JSON.stringify(name))
    }
  })

  it('matches exactly: parseLine lowercases before the lookup', () => {
    assert.equal(findCommand(COMMANDS, '/JOIN'), undefined)
  })

  it('searches the list it is given', () => {
    assert.equal(findCommand([], '/join'), undefined)
    const only = COMMANDS.filter(c => c.name === '/quit')
    assert.equal(findCommand(only, '/exit')?.name, '/quit')
    assert.equal(findCommand(only, '/join'), undefined)
  })
})
