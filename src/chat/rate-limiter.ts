/** A token bucket's shape: how many messages at once, and how fast it refills. */
export interface RateLimit {
  /** messages allowed in a burst (the bucket's size) */
  burst: number
  /** sustained rate, messages per minute */
  perMinute: number
}

/** Default room chat limit, in the spirit of IRC flood control: a burst of 5, then one a second. */
export const DEFAULT_CHAT_LIMIT: RateLimit = { burst: 5, perMinute: 60 }

/** Limit on presence and control messages (join, leave, heartbeat, record, moderation) per author and room. */
export const DEFAULT_CONTROL_LIMIT: RateLimit = { burst: 20, perMinute: 60 }

/** Limit on directory announcements per author. */
export const DEFAULT_DIRECTORY_LIMIT: RateLimit = { burst: 4, perMinute: 12 }

/** How far past the receiver's clock a send time may move a bucket forward. */
export const RATE_CLOCK_TOLERANCE_MS = 2000

/** A bucket not touched for this long is forgotten (it would be full again anyway). */
export const BUCKET_IDLE_MS = 10 * 60_000

/** Most buckets kept; the least recently used go first. */
export const MAX_BUCKETS = 20_000

interface Bucket {
  tokens: number
  /** the send time the bucket was last refilled to */
  lastMs: number
  /** the receiver's clock when last touched */
  touchedMs: number
}

/** What a limiter decided about one message. */
export interface RateDecision {
  allowed: boolean
  /** when refused: how long until one message would be allowed, in ms */
  retryInMs: number
}

/**
 * Token buckets keyed by (author, room, class), refilled by the **author's
 * send time** rather than the arrival time, so that honest relays that see the
 * same messages in any order and at any delay make the same decisions. A send
 * time is clamped to the receiver's clock plus {@link RATE_CLOCK_TOLERANCE_MS},
 * so claiming future times buys nothing; an older send time than the bucket's
 * (a reordered message) refills nothing and still costs a token.
 *
 * Pure: the caller supplies both clocks.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>()

  /**
   * Charge one message to `key` under `limit`. `sentAtMs` is the author's
   * claimed send time, `nowMs` the receiver's clock.
   */
  take (key: string, limit: RateLimit, sentAtMs: number, nowMs: number): RateDecision {
    return this.peek(key, limit, sentAtMs, nowMs, true)
  }

  /** What {@link take} would decide, without charging anything. */
  check (key: string, limit: RateLimit, sentAtMs: number, nowMs: number): RateDecision {
    return this.peek(key, limit, sentAtMs, nowMs, false)
  }

  /** Forget every bucket (tests, or a room left). */
  clear (): void {
    this.buckets.clear()
  }

  /** How many buckets are kept (bounded by {@link MAX_BUCKETS}). */
  get size (): number {
    return this.buckets.size
  }

  private peek (key: string, limit: RateLimit, sentAtMs: number, nowMs: number, charge: boolean): RateDecision {
    const ratePerMs = limit.perMinute / 60_000
    const at = Math.min(sentAtMs, nowMs + RATE_CLOCK_TOLERANCE_MS)
    const existing = this.buckets.get(key)
    let tokens: number
    let lastMs: number
    if (existing == null || nowMs - existing.touchedMs > BUCKET_IDLE_MS) {
      tokens = limit.burst
      lastMs = at
    } else {
      const elapsed = Math.max(0, at - existing.lastMs)
      tokens = Math.min(limit.burst, existing.tokens + elapsed * ratePerMs)
      lastMs = Math.max(existing.lastMs, at)
    }
    const allowed = tokens >= 1
    if (charge) {
      // refresh recency: delete and re-insert keeps the map in LRU order
      this.buckets.delete(key)
      this.buckets.set(key, { tokens: allowed ? tokens - 1 : tokens, lastMs, touchedMs: nowMs })
      this.evict(nowMs)
    }
    const retryInMs = allowed || ratePerMs <= 0 ? 0 : Math.ceil((1 - tokens) / ratePerMs)
    return { allowed, retryInMs }
  }

  private evict (nowMs: number): void {
    while (this.buckets.size > MAX_BUCKETS) {
      const oldest = this.buckets.keys().next().value
      if (oldest == null) {
        return
      }
      this.buckets.delete(oldest)
    }
    // drop idle buckets from the old end
    for (const [key, bucket] of this.buckets) {
      if (nowMs - bucket.touchedMs <= BUCKET_IDLE_MS) {
        return
      }
      this.buckets.delete(key)
    }
  }
}
