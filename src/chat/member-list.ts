import { MEMBER_TIMEOUT_MS } from '../protocol/constants.js'

/** One member of a room as last heard. */
export interface Member {
  peer: string
  nick: string
  lastSeenMs: number
}

/**
 * Who is in a room: every peer heard on the room topic (join, heartbeat or
 * chat) within {@link MEMBER_TIMEOUT_MS}. Pure: the caller supplies the time.
 */
export class MemberList {
  private readonly members = new Map<string, Member>()

  constructor (private readonly timeoutMs: number = MEMBER_TIMEOUT_MS) {}

  /**
   * Record that `peer` was heard with `nick` at `nowMs`. Returns the previous
   * entry when the peer was already present (so callers can spot nick changes),
   * or `undefined` when it is new.
   */
  see (peer: string, nick: string, nowMs: number): Member | undefined {
    const previous = this.get(peer, nowMs)
    this.members.set(peer, { peer, nick, lastSeenMs: nowMs })
    return previous
  }

  /** Forget `peer` (it left); returns what was known of it. */
  remove (peer: string): Member | undefined {
    const member = this.members.get(peer)
    this.members.delete(peer)
    return member
  }

  /** The member entry of `peer`, if heard recently. */
  get (peer: string, nowMs: number): Member | undefined {
    const member = this.members.get(peer)
    if (member == null) {
      return undefined
    }
    if (nowMs - member.lastSeenMs > this.timeoutMs) {
      this.members.delete(peer)
      return undefined
    }
    return member
  }

  /** Every member heard recently, sorted by nick. */
  list (nowMs: number): Member[] {
    for (const member of this.members.values()) {
      if (nowMs - member.lastSeenMs > this.timeoutMs) {
        this.members.delete(member.peer)
      }
    }
    return [...this.members.values()].sort((a, b) => a.nick.localeCompare(b.nick))
  }
}
