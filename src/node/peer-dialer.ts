import { TypedEventEmitter } from '@libp2p/interface'
import type { Logger, PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { CryptiNode } from './create-node.js'
import { abortableSleep } from './abortable-sleep.js'

/** First wait before redialling an unreachable address. */
export const DIAL_RETRY_MIN_MS = 1000

/** Longest wait between redials of an unreachable address. */
export const DIAL_RETRY_MAX_MS = 30_000

/** How long one dial may take. */
export const DIAL_TIMEOUT_MS = 10_000

/** A connection closed sooner than this after opening counts as a refusal. */
export const SHORT_LIVED_CONNECTION_MS = 2000

/** Most remembered peers dialled at start. */
export const KNOWN_PEERS_DIAL_MAX = 8

/** Events of a {@link PeerDialer}. */
export interface PeerDialerEvents {
  /** connected to a configured address */
  'connected': CustomEvent<{ addr: string, peer: string }>
  /** a configured address could not be reached; the dialer retries */
  'unreachable': CustomEvent<{ addr: string, error: string, retryInMs: number }>
}

/**
 * Keeps this node connected to the addresses it was given (`--bootstrap`):
 * dials each, retries with exponential backoff while it is unreachable, and
 * redials when the connection drops. Never throws; reports through events.
 */
export class PeerDialer extends TypedEventEmitter<PeerDialerEvents> {
  private readonly abort = new AbortController()
  private readonly wake = new Map<string, () => void>()

  constructor (
    private readonly node: CryptiNode,
    private readonly addrs: Multiaddr[],
    private readonly log: Logger
  ) {
    super()
  }

  /** Start keeping the connections. */
  start (): void {
    this.node.addEventListener('peer:disconnect', this.onDisconnect)
    for (const addr of this.addrs) {
      void this.keep(addr)
    }
  }

  /** Stop redialling. */
  stop (): void {
    this.abort.abort()
    this.node.removeEventListener('peer:disconnect', this.onDisconnect)
    for (const wake of this.wake.values()) {
      wake()
    }
  }

  private readonly onDisconnect = (evt: CustomEvent<PeerId>): void => {
    this.wake.get(evt.detail.toString())?.()
  }

  private async keep (addr: Multiaddr): Promise<void> {
    let waitMs = DIAL_RETRY_MIN_MS
    const signal = this.abort.signal
    while (!signal.aborted) {
      try {
        const connection = await this.node.dial(addr, { signal: AbortSignal.any([signal, AbortSignal.timeout(DIAL_TIMEOUT_MS)]) })
        const peer = connection.remotePeer.toString()
        const openedAt = Date.now()
        this.safeDispatchEvent('connected', { detail: { addr: addr.toString(), peer } })
        // sleep until this peer disconnects (or we stop)
        await new Promise<void>(resolve => {
          this.wake.set(peer, resolve)
          if (this.node.getConnections(connection.remotePeer).length === 0) {
            resolve()
          }
        })
        this.wake.delete(peer)
        if (signal.aborted) {
          return
        }
        if (Date.now() - openedAt < SHORT_LIVED_CONNECTION_MS) {
          // the peer closed the connection at once: it refuses us (we may be
          // banned or kicked); back off as for a failed dial
          this.log('%a closed the connection at once', addr)
          this.safeDispatchEvent('unreachable', { detail: { addr: addr.toString(), error: 'the peer closed the connection as soon as it opened (it refuses us: banned or kicked?)', retryInMs: waitMs } })
          await abortableSleep(waitMs, signal)
          waitMs = Math.min(waitMs * 2, DIAL_RETRY_MAX_MS)
          continue
        }
        waitMs = DIAL_RETRY_MIN_MS
        this.log('lost connection to %a, redialling', addr)
      } catch (err) {
        if (signal.aborted) {
          return
        }
        this.log('dial %a failed: %e', addr, err)
        this.safeDispatchEvent('unreachable', { detail: { addr: addr.toString(), error: describe(err), retryInMs: waitMs } })
        await abortableSleep(waitMs, signal)
        waitMs = Math.min(waitMs * 2, DIAL_RETRY_MAX_MS)
      }
    }
  }
}

/**
 * Dial some peers remembered in the peer store from earlier runs (best
 * effort): a restarted peer finds its way back without any bootstrap.
 */
export async function dialKnownPeers (node: CryptiNode, log: Logger, max: number = KNOWN_PEERS_DIAL_MAX): Promise<number> {
  const peers = await node.peerStore.all({ filters: [(p) => p.addresses.length > 0 && !p.id.equals(node.peerId)] })
  const chosen = peers.sort(() => Math.random() - 0.5).slice(0, max)
  const results = await Promise.allSettled(chosen.map(async p => node.dial(p.id, { signal: AbortSignal.timeout(DIAL_TIMEOUT_MS) })))
  const ok = results.filter(r => r.status === 'fulfilled').length
  log('dialled %d of %d remembered peers', ok, chosen.length)
  return ok
}

function describe (err: unknown): string {
  const e = err as { name?: string, message?: string, errors?: Array<{ message?: string }> }
  const inner = e.errors?.map(x => x.message).filter(Boolean).join('; ')
  return inner != null && inner.length > 0 ? inner : (e.message ?? String(err))
}
