import { spawn } from 'node:child_process'
import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** Path of the compiled peer CLI. */
export const PEER_BIN = join(DIST, 'bin', 'crypticomm.js')

/** Path of the compiled bootstrap CLI. */
export const BOOTSTRAP_BIN = join(DIST, 'bootstrap', 'crypticomm-bootstrap.js')

/** One JSON event a CLI process printed. */
export type JsonEvent = Record<string, unknown> & { type: string }

/** A CLI process in `--json` mode with its events. */
export class CliProcess {
  readonly events: JsonEvent[] = []
  readonly stderr: string[] = []
  private readonly waiters: Array<() => void> = []
  exited: Promise<number | null>

  constructor (readonly child: ChildProcessWithoutNullStreams, readonly dataDir: string) {
    createInterface({ input: child.stdout }).on('line', line => {
      try {
        this.events.push(JSON.parse(line) as JsonEvent)
      } catch {
        this.events.push({ type: 'unparsed', line })
      }
      for (const wake of this.waiters.splice(0)) {
        wake()
      }
    })
    createInterface({ input: child.stderr }).on('line', line => { this.stderr.push(line) })
    this.exited = new Promise(resolve => { child.on('exit', code => { resolve(code) }) })
  }

  /** Write one line to the process's stdin. */
  send (line: string): void {
    this.child.stdin.write(line + '\n')
  }

  /** Wait for an event matching `match`, counting from event index `from`. */
  async waitFor (match: (e: JsonEvent) => boolean, what: string, timeoutMs = 30_000, from = 0): Promise<JsonEvent> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = this.events.slice(from).find(match)
      if (found != null) {
        return found
      }
      const left = deadline - Date.now()
      if (left <= 0) {
        throw new Error(`timed out waiting for ${what}; last events: ${JSON.stringify(this.events.slice(-5))}; stderr: ${this.stderr.slice(-5).join(' | ')}`)
      }
      await new Promise<void>(resolve => {
        const timer = setTimeout(resolve, Math.min(left, 500))
        this.waiters.push(() => { clearTimeout(timer); resolve() })
      })
    }
  }

  /** The loopback multiaddr from the `ready` event. */
  async loopbackAddr (): Promise<string> {
    const ready = await this.waitFor(e => e.type === 'ready', 'ready')
    const addr = (ready.addrs as string[]).find(a => a.startsWith('/ip4/127.0.0.1/'))
    if (addr == null) {
      throw new Error('no loopback address in ready event')
    }
    return addr
  }

  /** Kill the process (SIGKILL by default) and wait for it to exit. */
  async kill (signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.child.exitCode == null && this.child.signalCode == null) {
      this.child.kill(signal)
    }
    await this.exited
  }
}

/** Make a fresh data directory under the OS temp dir. */
export async function tempDataDir (): Promise<string> {
  return mkdtemp(join(tmpdir(), 'crypticomm-test-'))
}

/** Remove data directories. */
export async function removeDirs (...dirs: string[]): Promise<void> {
  await Promise.all(dirs.map(async d => rm(d, { recursive: true, force: true })))
}

/**
 * Start a CLI (`PEER_BIN` or `BOOTSTRAP_BIN`) in `--json` mode with its own
 * data directory; `wrap` runs it under another command (e.g. `ip netns exec NS`).
 */
export async function startCli (bin: string, args: string[], dataDir?: string, wrap: string[] = []): Promise<CliProcess> {
  const dir = dataDir ?? await tempDataDir()
  const command = [...wrap, process.execPath, bin, '--json', '--data', dir, ...args]
  const child = spawn(command[0], command.slice(1), {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' }
  })
  return new CliProcess(child, dir)
}
