import { describe, it, afterEach } from 'node:test'
import assert from 'node:assert/strict'
import { startPeer, stopPeers, waitFor } from '../utils/peers.js'
import type { TestPeer } from '../utils/peers.js'
import { createSession } from '../../src/ui/session.js'
import { handleLine } from '../../src/ui/dispatch.js'
import type { UiEvent } from '../../src/ui/ui-events.js'

describe('a UI session over a real chat client', () => {
  let peers: TestPeer[] = []
  afterEach(async () => {
    await stopPeers(...peers)
    peers = []
  })

  it('/leave of the current room, named in a compatibility form, reports the leave and moves to another room', async () => {
    const peer = await startPeer('solo')
    peers = [peer]
    const events: UiEvent[] = []
    const session = createSession({ chat: peer.chat, emit: (e) => { events.push(e) }, quit: async () => {} })
    await handleLine(session.ctx, '/join other')
    await handleLine(session.ctx, '/join fish')
    assert.equal(session.ctx.current(), 'fish')
    const from = events.length
    await handleLine(session.ctx, '/leave #\ufb01sh')
    await waitFor(() => events.slice(from).some(e => e.type === 'current'), 'the new current room')
    const after = events.slice(from).filter(e => e.type === 'left' || e.type === 'current')
    assert.deepEqual(after.map(e => e.type), ['left', 'current'])
    assert.ok(after[0].type === 'left' && after[0].room === 'fish')
    assert.ok(after[1].type === 'current' && after[1].room === 'other')
    assert.equal(session.ctx.current(), 'other')
    session.detach()
  })

  it('plain text with no room, an unknown command and an over-long line each get one error line', async () => {
    const peer = await startPeer('solo')
    peers = [peer]
    const events: UiEvent[] = []
    const session = createSession({ chat: peer.chat, emit: (e) => { events.push(e) }, quit: async () => {} })
    await handleLine(session.ctx, 'hello?')
    await handleLine(session.ctx, '/nope')
    await handleLine(session.ctx, 'x'.repeat(5000))
    assert.deepEqual(events.map(e => e.type), ['error', 'error', 'error'])
    assert.ok(events.every(e => e.type === 'error' && !e.message.includes('\n')))
    session.detach()
  })
})
