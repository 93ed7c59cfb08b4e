import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { complete } from '../../src/ui/completer.js'
import type { CompletionSource } from '../../src/ui/completer.js'
import { COMMANDS } from '../../src/ui/commands/index.js'

function source (over: Partial<CompletionSource> = {}): CompletionSource {
  return {
    commands: COMMANDS,
    rooms: () => ['general', 'gaming', 'dev', 'random'],
    joinedRooms: () => ['general', 'dev'],
    nicks: () => ['alice', 'albert', 'bob', 'carol'],
    ...over
  }
}

const sorted = (xs: string[]): string[] => [...xs].sort()

describe('complete', () => {
  describe('command names', () => {
    it('completes the first word from every name and alias, with a trailing space', () => {
      const [hits, word] = complete(source(), '/j')
      assert.equal(word, '/j')
      assert.deepEqual(sorted(hits), ['/j ', '/join '])
      assert.deepEqual(sorted(complete(source(), '/qu')[0]), ['/query ', '/quit '])
      assert.deepEqual(complete(source(), '/qui'), [['/quit '], '/qui'])
      assert.deepEqual(complete(source(), '/pa'), [['/part '], '/pa'])
    })

    it('offers every command for a lone "/"', () => {
      const [hits] = complete(source(), '/')
      const all = COMMANDS.flatMap(c => [c.name, ...(c.aliases ?? [])]).map(n => `${n} `)
      assert.deepEqual(sorted(hits), sorted(all))
    })

    it('matches command names case-insensitively but returns the word as typed', () => {
      const [hits, word] = complete(source(), '/JO')
      assert.deepEqual(hits, ['/join '])
      assert.equal(word, '/JO')
    })

    it('offers nothing for an unknown command prefix', () => {
      assert.deepEqual(complete(source(), '/zz'), [[], '/zz'])
    })
  })

  describe('command arguments', () => {
    it('/join completes any room, with its "#"', () => {
      assert.deepEqual(complete(source(), '/join '), [['#dev', '#gaming', '#general', '#random'], ''])
      assert.deepEqual(complete(source(), '/join g'), [['#gaming', '#general'], 'g'])
      assert.deepEqual(complete(source(), '/join #ge'), [['#general'], '#ge'])
      assert.deepEqual(complete(source(), '/j #d'), [['#dev'], '#d'], 'through an alias too')
    })

    it('/leave and /who complete only the rooms we are in', () => {
      assert.deepEqual(complete(source(), '/leave '), [['#dev', '#general'], ''])
      assert.deepEqual(complete(source(), '/part g'), [['#general'], 'g'])
      assert.deepEqual(complete(source(), '/who d'), [['#dev'], 'd'])
    })

    it('/leave #… still completes only the rooms we are in', () => {
      assert.deepEqual(complete(source(), '/leave #g'), [['#general'], '#g'])
    })

    it('matches room prefixes case-insensitively', () => {
      assert.deepEqual(complete(source(), '/join #GE'), [['#general'], '#GE'])
    })
  })

  describe('words in a line of chat', () => {
    it('completes nicks by prefix', () => {
      assert.deepEqual(complete(source(), 'hello b'), [['bob'], 'b'])
      assert.deepEqual(complete(source(), 'hello al'), [['albert', 'alice'], 'al'])
      assert.deepEqual(complete(source(), 'al'), [['albert', 'alice'], 'al'], 'the first word of a line')
    })

    it('completes only nicks that start with the word', () => {
      assert.deepEqual(complete(source(), 'hi ob'), [[], 'ob'])
      assert.deepEqual(complete(source(), 'lice'), [[], 'lice'])
    })

    it('completes rooms for a word starting with "#"', () => {
      assert.deepEqual(complete(source(), 'see #r'), [['#random'], '#r'])
      assert.deepEqual(complete(source(), '#'), [['#dev', '#gaming', '#general', '#random'], '#'])
    })

    it('offers every nick for an empty word, once each and sorted', () => {
      const dupes = source({ nicks: () => ['bob', 'alice', 'bob'] })
      assert.deepEqual(complete(dupes, 'hi '), [['alice', 'bob'], ''])
      assert.deepEqual(complete(dupes, ''), [['alice', 'bob'], ''])
    })

    it('treats a slash word after the first as an ordinary word', () => {
      assert.deepEqual(complete(source(), 'type /j'), [[], '/j'])
    })

    it('offers nothing when nothing matches', () => {
      assert.deepEqual(complete(source(), 'hi zed'), [[], 'zed'])
      assert.deepEqual(complete(source({ rooms: () => [] }), '/join '), [[], ''])
    })
  })
})
