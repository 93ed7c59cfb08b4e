/**
 * Choosing between room records for one DHT key (kad-dht `SelectFn`).
 */
import { verifyRoomRecord } from './room-record-validator.js'
import { isSameGenesis } from './room-record.js'
import type { RoomRecord } from './room-record.js'

/**
 * Compare two VERIFIED records of the same room. Returns a negative number
 * when `a` should win, a positive number when `b` should win, and 0 when
 * neither is preferred (then the records are the same in every field the
 * rules look at). The rules, in order:
 *
 * 1. (applied by {@link selectRoomRecord}) a record that fails verification
 *    never wins over a valid one.
 * 2. Same genesis (equal genesis hash), different chain lengths: the longer
 *    chain wins — a reclaim revokes the previous owner.
 * 3. Same genesis, same chain length: the higher body `seq` wins — this is
 *    what makes a replayed older body lose.
 * 4. Same genesis, same length, same `seq`: the lexicographically smaller
 *    body signature bytes win (bytewise, unsigned; a proper prefix is
 *    smaller), so that every node breaks the remaining ties the same way
 *    (two bodies signed with one `seq`, or two forks of equal length).
 * 5. Different genesis (two peers created the same name): the earlier
 *    genesis `createdAtMs` wins.
 * 6. Different genesis, same creation time: the smaller genesis hash wins
 *    (bytewise, as in rule 4).
 *
 * Honest limits: rules 5 and 6 let a forger who back-dates a genesis win on
 * a node that has never seen the room; rules 2 and 3 let anyone who still
 * knows an old (spent) token build a fork that wins on such a node. Nodes
 * therefore pin the genesis and chain they hold (see `extendsChain`) and
 * warn instead of switching.
 */
export function compareRoomRecords (a: RoomRecord, b: RoomRecord): number {
  if (!isSameGenesis(a, b)) {
    if (a.createdAtMs !== b.createdAtMs) {
      return a.createdAtMs < b.createdAtMs ? -1 : 1
    }
    return compareBytes(a.genesisHash, b.genesisHash)
  }
  if (a.chain.length !== b.chain.length) {
    return a.chain.length > b.chain.length ? -1 : 1
  }
  if (a.body.seq !== b.body.seq) {
    return a.body.seq > b.body.seq ? -1 : 1
  }
  return compareBytes(a.bodySignature, b.bodySignature)
}

/**
 * The kad-dht `SelectFn` for the `crypticomm-room` namespace: the index of
 * the best record in `records` by the rules of {@link compareRoomRecords}.
 * Records that fail `verifyRoomRecord(key, …)` are skipped; on a tie the
 * earlier index wins. Never throws (kad-dht would abort the whole lookup):
 * when no record is valid it returns 0, and kad-dht's own validation has
 * already refused that record elsewhere.
 *
 * Asynchronous because signature checks may be (kad-dht awaits selectors).
 */
export async function selectRoomRecord (key: Uint8Array, records: Uint8Array[]): Promise<number> {
  let bestIndex = -1
  let best: RoomRecord | undefined
  for (let i = 0; i < records.length; i++) {
    let record: RoomRecord
    try {
      record = await verifyRoomRecord(key, records[i])
    } catch {
      continue
    }
    if (best == null || compareRoomRecords(record, best) < 0) {
      best = record
      bestIndex = i
    }
  }
  return bestIndex < 0 ? 0 : bestIndex
}

/** Bytewise unsigned comparison; a proper prefix sorts first. */
export function compareBytes (a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.byteLength, b.byteLength)
  for (let i = 0; i < length; i++) {
    if (a[i] !== b[i]) {
      return a[i] < b[i] ? -1 : 1
    }
  }
  return a.byteLength === b.byteLength ? 0 : (a.byteLength < b.byteLength ? -1 : 1)
}
