import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import type { Logger } from '@libp2p/interface'
import type { CryptiNode } from '../node/create-node.js'

/** How long one search for a room's members may take. */
export const FIND_MEMBERS_TIMEOUT_MS = 8000

/** How long announcing membership of a room in the DHT may take. */
export const PROVIDE_TIMEOUT_MS = 15_000

/** Most room members dialled per search. */
export const DEFAULT_ROOM_DIAL_MAX = 6

/** The DHT content id under which a room's members announce themselves. */
export async function roomMembersCid (room: string): Promise<CID> {
  const digest = await sha256.digest(new TextEncoder().encode(`crypticomm-room-members/${room}`))
  return CID.createV1(raw.code, digest)
}

/**
 * Finds the other members of a room through the DHT so that members form a
 * mesh among themselves instead of a star around the bootstrap: each member
 * provides the room's content id, and looks up and dials some providers.
 */
export class RoomDiscovery {
  constructor (
    private readonly node: CryptiNode,
    private readonly log: Logger,
    private readonly dialMax: number = DEFAULT_ROOM_DIAL_MAX
  ) {}

  /** Announce ourselves as a member of `room` (best effort; logs failures). */
  async announce (room: string, signal?: AbortSignal): Promise<void> {
    const cid = await roomMembersCid(room)
    try {
      await this.node.contentRouting.provide(cid, { signal: anySignal(signal, PROVIDE_TIMEOUT_MS) })
      this.log('announced membership of %s', room)
    } catch (err) {
      this.log('could not announce membership of %s: %e', room, err)
    }
  }

  /** Stop re-announcing `room`. */
  async withdraw (room: string): Promise<void> {
    const cid = await roomMembersCid(room)
    await this.node.services.dht.cancelReprovide(cid).catch(err => {
      this.log('could not withdraw membership of %s: %e', room, err)
    })
  }

  /**
   * Look up members of `room` and dial up to the limit of those we are not yet
   * connected to; returns how many other members were found.
   */
  async findMembers (room: string, signal?: AbortSignal): Promise<number> {
    const cid = await roomMembersCid(room)
    const self = this.node.peerId
    const dials: Array<Promise<unknown>> = []
    let found = 0
    try {
      for await (const provider of this.node.contentRouting.findProviders(cid, { signal: anySignal(signal, FIND_MEMBERS_TIMEOUT_MS) })) {
        if (provider.id.equals(self)) {
          continue
        }
        found++
        if (this.node.getConnections(provider.id).length > 0) {
          continue
        }
        if (provider.multiaddrs.length > 0) {
          await this.node.peerStore.merge(provider.id, { multiaddrs: provider.multiaddrs }).catch(() => {})
        }
        dials.push(this.node.dial(provider.id, { signal: AbortSignal.timeout(FIND_MEMBERS_TIMEOUT_MS) }).catch(err => {
          this.log('could not dial member %p of %s: %e', provider.id, room, err)
        }))
        if (dials.length >= this.dialMax) {
          break
        }
      }
    } catch (err) {
      this.log('member search for %s ended: %e', room, err)
    }
    await Promise.all(dials)
    return found
  }
}

function anySignal (signal: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs)
  return signal == null ? timeout : AbortSignal.any([signal, timeout])
}
