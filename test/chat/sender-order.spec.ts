import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { SenderOrder } from '../../src/chat/sender-order.js'

const WAIT_MS = 30

/** Resolve once `check` holds; fail after a generous deadline (an outcome, not a duration, is asserted). */
async function eventually (check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`)
    }
    await new Promise(resolve => setTimeout(resolve, 5))
  }
}

/** A SenderOrder plus a log of what it delivered, as "sender:seq". */
function harness (waitMs = WAIT_MS): { order: SenderOrder, delivered: string[], accept: (sender: string, seq: number, session?: bigint) => void } {
  const order = new SenderOrder(waitMs)
  const delivered: string[] = []
  const accept = (sender: string, seq: number, session = 1n): void => {
    const label = `${sender}:${seq}`
    let calls = 0
    order.accept(sender, session, BigInt(seq), () => {
      calls++
      assert.equal(calls, 1, `${label} delivered twice`)
      delivered.push(label)
    })
  }
  return { order, delivered, accept }
}

describe('SenderOrder', () => {
  it('delivers messages that arrive in order at once', () => {
    const { order, delivered, accept } = harness()
    for (let seq = 1; seq <= 5; seq++) {
      accept('a', seq)
      assert.equal(delivered.length, seq, 'synchronously')
    }
    assert.deepEqual(delivered, ['a:1', 'a:2', 'a:3', 'a:4', 'a:5'])
    order.close()
  })

  it('takes the first message heard from a sender as where its sequence starts', () => {
    const { order, delivered, accept } = harness()
    accept('a', 41)
    accept('a', 42)
    assert.deepEqual(delivered, ['a:41', 'a:42'])
    order.close()
  })

  it('holds a message that arrives ahead of a gap and releases it in order when the gap fills', () => {
    const { order, delivered, accept } = harness(60_000)
    accept('a', 1)
    accept('a', 4)
    accept('a', 3)
    assert.deepEqual(delivered, ['a:1'], '3 and 4 wait for 2')
    accept('a', 2)
    assert.deepEqual(delivered, ['a:1', 'a:2', 'a:3', 'a:4'])
    accept('a', 5)
    assert.deepEqual(delivered, ['a:1', 'a:2', 'a:3', 'a:4', 'a:5'])
    order.close()
  })

  it('orders each sender on its own', () => {
    const { order, delivered, accept } = harness(60_000)
    accept('a', 1)
    accept('b', 1)
    accept('a', 3)
    accept('b', 2)
    assert.deepEqual(delivered, ['a:1', 'b:1', 'b:2'], 'a gap of a does not hold up b')
    accept('a', 2)
    assert.deepEqual(delivered, ['a:1', 'b:1', 'b:2', 'a:2', 'a:3'])
    order.close()
  })

  it('releases held messages in order when the gap never fills, then carries on from there', async () => {
    const { order, delivered, accept } = harness()
    accept('a', 1)
    accept('a', 5)
    accept('a', 3)
    assert.deepEqual(delivered, ['a:1'])
    await eventually(() => delivered.length === 3, 'the wait to run out')
    assert.deepEqual(delivered, ['a:1', 'a:3', 'a:5'])
    accept('a', 6)
    assert.deepEqual(delivered.at(-1), 'a:6', 'the next message after the skipped gap goes out at once')
    order.close()
  })

  it('still delivers a message that arrives after its gap was skipped', async () => {
    const { order, delivered, accept } = harness()
    accept('a', 1)
    accept('a', 3)
    await eventually(() => delivered.length === 2, 'the wait to run out')
    accept('a', 2)
    assert.deepEqual(delivered, ['a:1', 'a:3', 'a:2'], 'late, but not lost')
    order.close()
  })

  it('starts afresh when a sender begins a new session, first delivering what the old one held', () => {
    const { order, delivered, accept } = harness(60_000)
    accept('a', 10, 1n)
    accept('a', 12, 1n)
    assert.deepEqual(delivered, ['a:10'])
    accept('a', 1, 2n)
    assert.deepEqual(delivered, ['a:10', 'a:12', 'a:1'], 'the old session is flushed before the new one starts')
    accept('a', 3, 2n)
    accept('a', 2, 2n)
    assert.deepEqual(delivered, ['a:10', 'a:12', 'a:1', 'a:2', 'a:3'])
    order.close()
  })

  it('forget delivers what a sender had held, in order, and nothing twice', async () => {
    const { order, delivered, accept } = harness()
    accept('a', 1)
    accept('a', 4)
    accept('a', 3)
    accept('b', 1)
    accept('b', 3)
    order.forget('a')
    assert.deepEqual(delivered, ['a:1', 'b:1', 'a:3', 'a:4'])
    order.forget('a')
    order.forget('nobody')
    await eventually(() => delivered.length === 5, 'b to be released by its own wait')
    assert.deepEqual(delivered, ['a:1', 'b:1', 'a:3', 'a:4', 'b:3'])
    // a forgotten sender starts again from whatever arrives next
    accept('a', 9)
    assert.equal(delivered.at(-1), 'a:9')
    order.close()
  })

  it('close delivers everything held and its timers then deliver nothing more', async () => {
    const { order, delivered, accept } = harness()
    accept('a', 1)
    accept('a', 3)
    accept('b', 7)
    accept('b', 9)
    accept('b', 8)
    accept('c', 1)
    accept('c', 5)
    order.close()
    assert.deepEqual(delivered.toSorted(), ['a:1', 'a:3', 'b:7', 'b:8', 'b:9', 'c:1', 'c:5'])
    assert.ok(delivered.indexOf('a:1') < delivered.indexOf('a:3'))
    assert.ok(delivered.indexOf('c:1') < delivered.indexOf('c:5'))
    order.close()
    await new Promise(resolve => setTimeout(resolve, WAIT_MS * 4))
    assert.equal(delivered.length, 7, 'nothing delivered twice after the wait would have ended')
  })

  it('property: whatever the arrival order, every message is delivered exactly once, and in order when the first one arrives first', () => {
    const arrival = fc.integer({ min: 1, max: 30 }).chain(n =>
      fc.tuple(fc.constant(n), fc.shuffledSubarray(Array.from({ length: n - 1 }, (_, i) => i + 2), { minLength: n - 1, maxLength: n - 1 })))
    fc.assert(fc.property(arrival, fc.boolean(), ([n, rest], firstFirst) => {
      const { order, delivered, accept } = harness(60_000)
      const seqs = firstFirst ? [1, ...rest] : [...rest, 1]
      for (const seq of seqs) {
        accept('a', seq)
      }
      if (firstFirst) {
        assert.deepEqual(delivered, Array.from({ length: n }, (_, i) => `a:${i + 1}`), 'in order, with no wait')
      }
      order.close()
      assert.equal(delivered.length, n)
      assert.equal(new Set(delivered).size, n)
    }), { numRuns: 300 })
  })

  it('property: with several senders, sessions and a gap that never fills, nothing is lost or duplicated', async () => {
    const msg = fc.record({ sender: fc.constantFrom('a', 'b', 'c'), session: fc.constantFrom(1n, 2n), seq: fc.integer({ min: 1, max: 20 }) })
    await fc.assert(fc.asyncProperty(fc.uniqueArray(msg, { maxLength: 40, selector: m => `${m.sender}/${m.session}/${m.seq}` }), fc.boolean(), async (msgs, waitOut) => {
      const order = new SenderOrder(5)
      const counts = new Map<string, number>()
      for (const m of msgs) {
        const key = `${m.sender}/${m.session}/${m.seq}`
        order.accept(m.sender, m.session, BigInt(m.seq), () => { counts.set(key, (counts.get(key) ?? 0) + 1) })
      }
      if (waitOut) {
        await eventually(() => counts.size === msgs.length, 'every hold to run out')
      }
      order.close()
      assert.equal(counts.size, msgs.length, 'every message delivered')
      assert.ok([...counts.values()].every(c => c === 1), 'none twice')
    }), { numRuns: 60 })
  })
})
