/**
 * Wait `ms`, or less when `signal` aborts first. The timer never keeps the
 * process alive on its own, so a stopped node does not linger on it.
 */
export async function abortableSleep (ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted === true) {
    return
  }
  await new Promise<void>(resolve => {
    const timer = setTimeout(resolve, ms)
    timer.unref?.()
    signal?.addEventListener('abort', () => { clearTimeout(timer); resolve() }, { once: true })
  })
}
