import { describe, it, afterEach } from 'node:test'
import assert from 'node:assert/strict'
import { connect } from 'node:net'
import type { Socket } from 'node:net'
import { randomBytes } from 'node:crypto'
import { multiaddr } from '@multiformats/multiaddr'
import { startPeer, stopPeers, waitFor, collect } from '../utils/peers.js'
import type { TestPeer } from '../utils/peers.js'

describe('a burst of hostile connections from one host', () => {
  let peers: TestPeer[] = []
  let sockets: Socket[] = []
  afterEach(async () => {
    for (const s of sockets) {
      s.destroy()
    }
    sockets = []
    await stopPeers(...peers)
    peers = []
  })

  it('leaves the node serving its other peers: 300 junk connections while a member chats and a newcomer joins', async () => {
    const target = await startPeer('target')
    const friend = await startPeer('friend')
    peers = [target, friend]
    await friend.node.dial(multiaddr(target.addr))
    await target.chat.join('burst')
    await friend.chat.join('burst')
    await waitFor(() => target.chat.members('burst').length === 2, 'the members to see each other')
    const heard = collect(target.chat, 'message')

    // 300 raw TCP connections that speak garbage (or nothing) at the node's port
    const port = Number(target.addr.split('/tcp/')[1].split('/')[0])
    for (let i = 0; i < 300; i++) {
      const socket = connect(port, '127.0.0.1')
      socket.on('error', () => {})
      socket.on('connect', () => {
        if (i % 2 === 0) {
          socket.write(randomBytes(64 + (i % 512)))
        }
      })
      sockets.push(socket)
    }
    for (let i = 0; i < 5; i++) {
      await friend.chat.send('burst', `during the burst ${i}`)
    }
    await waitFor(() => [0, 1, 2, 3, 4].every(i => heard.some(m => m.text === `during the burst ${i}`)), 'the target to hear its friend during the burst')

    // a newcomer can still connect and chat
    const newcomer = await startPeer('newcomer')
    peers.push(newcomer)
    await newcomer.node.dial(multiaddr(target.addr))
    await newcomer.chat.join('burst')
    await waitFor(() => target.chat.members('burst').some(m => m.nick === 'newcomer'), 'the target to see the newcomer')
    await newcomer.chat.send('burst', 'made it in')
    await waitFor(() => heard.some(m => m.text === 'made it in'), 'the target to hear the newcomer')
    assert.equal(target.node.status, 'started')
  })
})
