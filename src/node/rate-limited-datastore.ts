import { BaseDatastore } from 'datastore-core'
import type { AbortOptions } from '@libp2p/interface'
import type { Datastore, Key, Pair, Query, KeyQuery } from 'interface-datastore'
import { RateLimiter } from '../chat/rate-limiter.js'
import type { RateLimit } from '../chat/rate-limiter.js'

/** Writes of one DHT record key a node accepts (another peer's PUT_VALUE, or a re-put). */
export const DHT_PUT_PER_KEY_LIMIT: RateLimit = { burst: 10, perMinute: 30 }

/** Writes of DHT records a node accepts in all. */
export const DHT_PUT_TOTAL_LIMIT: RateLimit = { burst: 200, perMinute: 1200 }

/** The prefix under which kad-dht stores records (not provider records, not the peer store). */
export const DHT_RECORD_PREFIX = '/dht/record/'

/** A write refused because records were being stored too fast. */
export class DhtPutRateLimitedError extends Error {
  override readonly name = 'DhtPutRateLimitedError'
}

/**
 * A datastore that stores DHT records (keys under {@link DHT_RECORD_PREFIX})
 * no faster than {@link DHT_PUT_PER_KEY_LIMIT} per key and
 * {@link DHT_PUT_TOTAL_LIMIT} in all; every other key passes straight through.
 * kad-dht answers a refused PUT_VALUE with an error, so a peer that floods
 * the DHT with records fills neither the disk nor the CPU of the nodes it
 * targets. (kad-dht does not tell a datastore which peer sent a record, so
 * the limit is per key and global rather than per peer.)
 */
export class RateLimitedDatastore extends BaseDatastore {
  private readonly limiter = new RateLimiter()

  constructor (private readonly inner: Datastore, private readonly clock: () => number = Date.now) {
    super()
  }

  override async put (key: Key, value: Uint8Array, options?: AbortOptions): Promise<Key> {
    const name = key.toString()
    if (name.startsWith(DHT_RECORD_PREFIX)) {
      const now = this.clock()
      if (!this.limiter.take('total', DHT_PUT_TOTAL_LIMIT, now, now).allowed || !this.limiter.take(name, DHT_PUT_PER_KEY_LIMIT, now, now).allowed) {
        throw new DhtPutRateLimitedError('DHT records are being stored too fast; try again later')
      }
    }
    return this.inner.put(key, value, options)
  }

  override async get (key: Key, options?: AbortOptions): Promise<Uint8Array> {
    return this.inner.get(key, options)
  }

  override async has (key: Key, options?: AbortOptions): Promise<boolean> {
    return this.inner.has(key, options)
  }

  override async delete (key: Key, options?: AbortOptions): Promise<void> {
    await this.inner.delete(key, options)
  }

  override query (q: Query, options?: AbortOptions): AsyncGenerator<Pair> | Generator<Pair> {
    return toGenerator(this.inner.query(q, options))
  }

  override queryKeys (q: KeyQuery, options?: AbortOptions): AsyncGenerator<Key> | Generator<Key> {
    return toGenerator(this.inner.queryKeys(q, options))
  }
}

async function * toGenerator<T> (source: AsyncIterable<T> | Iterable<T>): AsyncGenerator<T> {
  yield * source
}
