import { DIRECTORY_ENTRY_TIMEOUT_MS, DIRECTORY_INTERVAL_MS } from '../protocol/constants.js'
import type { DirectoryRoomEntry } from '../protocol/directory.js'

/** A room as the directory knows it. */
export interface DirectoryListing {
  room: string
  /** the members listed (possibly fewer than `memberCount`) */
  members: Array<{ peer: string, nick: string }>
  memberCount: number
  lastHeardMs: number
}

/** Longest random delay added to a scheduled announcement, so members do not collide. */
export const DIRECTORY_JITTER_MS = 5000

/**
 * The directory of active rooms, and the schedule of who announces what.
 *
 * Suppression: every member of a room keeps a due time for it, one period plus
 * a random jitter away. Whoever's timer fires first announces; everyone else
 * who hears the announcement pushes its own due time a full period out. So a
 * room costs one announcement per period, however many members it has.
 *
 * Pure: the caller supplies time and randomness, and does the publishing.
 */
export class RoomDirectory {
  private readonly listings = new Map<string, DirectoryListing>()
  private readonly due = new Map<string, number>()

  constructor (
    private readonly random: () => number = Math.random,
    private readonly intervalMs: number = DIRECTORY_INTERVAL_MS,
    private readonly entryTimeoutMs: number = DIRECTORY_ENTRY_TIMEOUT_MS
  ) {}

  /** We joined `room`: announce it soon (after members have answered our join). */
  joined (room: string, nowMs: number, firstDelayMs: number): void {
    this.due.set(room, nowMs + firstDelayMs + this.jitter(1000))
  }

  /** We left `room`: stop announcing it. */
  left (room: string): void {
    this.due.delete(room)
  }

  /** Someone announced these rooms at `nowMs`. */
  heard (entries: DirectoryRoomEntry[], nowMs: number): void {
    for (const entry of entries) {
      this.listings.set(entry.room, { room: entry.room, members: entry.members, memberCount: entry.memberCount, lastHeardMs: nowMs })
      if (this.due.has(entry.room)) {
        this.due.set(entry.room, nowMs + this.intervalMs + this.jitter(DIRECTORY_JITTER_MS))
      }
    }
  }

  /** A peer new to the directory appeared: announce our rooms within `withinMs`. */
  newcomer (nowMs: number, withinMs: number): void {
    for (const [room, at] of this.due) {
      this.due.set(room, Math.min(at, nowMs + 200 + this.jitter(withinMs)))
    }
  }

  /** Rooms whose announcement is due now; their next due time moves a period on. */
  takeDue (nowMs: number): string[] {
    const rooms: string[] = []
    for (const [room, at] of this.due) {
      if (at <= nowMs) {
        rooms.push(room)
        this.due.set(room, nowMs + this.intervalMs + this.jitter(DIRECTORY_JITTER_MS))
      }
    }
    return rooms
  }

  /** Every room heard within the entry timeout, busiest first. */
  list (nowMs: number): DirectoryListing[] {
    for (const [room, listing] of this.listings) {
      if (nowMs - listing.lastHeardMs > this.entryTimeoutMs) {
        this.listings.delete(room)
      }
    }
    return [...this.listings.values()].sort((a, b) => b.memberCount - a.memberCount || a.room.localeCompare(b.room))
  }

  private jitter (maxMs: number): number {
    return Math.floor(this.random() * maxMs)
  }
}
