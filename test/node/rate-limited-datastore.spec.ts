import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { MemoryDatastore } from 'datastore-core'
import { Key } from 'interface-datastore'
import { DHT_PUT_PER_KEY_LIMIT, DHT_PUT_TOTAL_LIMIT, RateLimitedDatastore } from '../../src/node/rate-limited-datastore.js'

const value = new Uint8Array([1, 2, 3])

describe('RateLimitedDatastore', () => {
  it('stores one DHT record key at most a burst at once, then refuses with a named error', async () => {
    let now = 1_000_000
    const store = new RateLimitedDatastore(new MemoryDatastore(), () => now)
    const key = new Key('/dht/record/abc')
    for (let i = 0; i < DHT_PUT_PER_KEY_LIMIT.burst; i++) {
      await store.put(key, value)
    }
    await assert.rejects(store.put(key, value), { name: 'DhtPutRateLimitedError' })
    // another key is not affected, nor are keys outside the DHT records
    await store.put(new Key('/dht/record/other'), value)
    for (let i = 0; i < 50; i++) {
      await store.put(new Key('/peers/x'), value)
      await store.put(new Key('/dht/provider/x'), value)
    }
    // the bucket refills with time
    now += Math.ceil(60_000 / DHT_PUT_PER_KEY_LIMIT.perMinute)
    await store.put(key, value)
    assert.deepEqual(await store.get(key), value)
  })

  it('caps all DHT record writes together', async () => {
    const now = 5_000_000
    const store = new RateLimitedDatastore(new MemoryDatastore(), () => now)
    for (let i = 0; i < DHT_PUT_TOTAL_LIMIT.burst; i++) {
      await store.put(new Key(`/dht/record/k${i}`), value)
    }
    await assert.rejects(store.put(new Key('/dht/record/one-more'), value), { name: 'DhtPutRateLimitedError' })
  })

  it('passes queries and deletes through', async () => {
    const store = new RateLimitedDatastore(new MemoryDatastore())
    await store.put(new Key('/a/1'), value)
    await store.put(new Key('/a/2'), value)
    await store.put(new Key('/b/1'), value)
    const keys: string[] = []
    for await (const k of store.queryKeys({ prefix: '/a' })) {
      keys.push(k.toString())
    }
    assert.deepEqual(keys.sort(), ['/a/1', '/a/2'])
    await store.delete(new Key('/a/1'))
    assert.equal(await store.has(new Key('/a/1')), false)
  })
})
