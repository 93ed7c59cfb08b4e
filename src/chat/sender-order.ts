/** How long a message that arrived ahead of a gap waits for the gap to fill. */
export const REORDER_WAIT_MS = 1000

interface SenderState {
  session: bigint
  nextSeq: bigint
  held: Map<bigint, () => void>
  timer?: ReturnType<typeof setTimeout>
}

/**
 * Delivers each sender's messages in the order it sent them. Gossipsub may
 * deliver messages of one author out of order when they take different paths;
 * every message carries `(session, seq)`, and a message that arrives ahead of
 * a gap is held for at most {@link REORDER_WAIT_MS}. Nothing is ever dropped: a
 * message whose gap never fills is delivered when the wait ends, and one that
 * arrives after its turn was skipped is delivered at once.
 */
export class SenderOrder {
  private readonly senders = new Map<string, SenderState>()

  constructor (private readonly waitMs: number = REORDER_WAIT_MS) {}

  /** Hand over message `seq` of `sender`'s `session`; `deliver` runs when it is its turn. */
  accept (sender: string, session: bigint, seq: bigint, deliver: () => void): void {
    let state = this.senders.get(sender)
    if (state == null || state.session !== session) {
      if (state?.timer != null) {
        clearTimeout(state.timer)
        this.flush(state)
      }
      state = { session, nextSeq: seq, held: new Map() }
      this.senders.set(sender, state)
    }
    if (seq < state.nextSeq) {
      deliver()
      return
    }
    if (state.held.has(seq)) {
      // a second copy of a held message: the first one stands
      return
    }
    state.held.set(seq, deliver)
    this.drain(state)
    if (state.held.size > 0 && state.timer == null) {
      const s = state
      s.timer = setTimeout(() => {
        s.timer = undefined
        this.flush(s)
      }, this.waitMs)
      s.timer.unref?.()
    }
  }

  /** Forget a sender (it left the room). */
  forget (sender: string): void {
    const state = this.senders.get(sender)
    if (state?.timer != null) {
      clearTimeout(state.timer)
      this.flush(state)
    }
    this.senders.delete(sender)
  }

  /** Deliver everything held, in order, and stop every timer. */
  close (): void {
    for (const sender of [...this.senders.keys()]) {
      this.forget(sender)
    }
  }

  private drain (state: SenderState): void {
    let next = state.held.get(state.nextSeq)
    while (next != null) {
      state.held.delete(state.nextSeq)
      state.nextSeq++
      next()
      next = state.held.get(state.nextSeq)
    }
    if (state.held.size === 0 && state.timer != null) {
      clearTimeout(state.timer)
      state.timer = undefined
    }
  }

  /** The wait ran out: skip the gap and deliver what is held, in order. */
  private flush (state: SenderState): void {
    const seqs = [...state.held.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    for (const seq of seqs) {
      const deliver = state.held.get(seq)
      state.held.delete(seq)
      state.nextSeq = seq + 1n
      deliver?.()
    }
  }
}
