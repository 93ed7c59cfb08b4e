/**
 * Child processes that speak the CLI's JSON-lines contract: one JSON object
 * per stdout line, commands and chat lines on stdin. Every child is tracked
 * so that the benchmark can always kill what it started.
 */
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { createWriteStream } from 'node:fs'
import type { WriteStream } from 'node:fs'
import { nowMs } from './stats.js'

/** One JSON event line of a child, with the time the bench read it. */
export interface ChildEvent {
  type: string
  [key: string]: unknown
}

/** Listener of a child's events; `at` is the bench's clock (ms, sub-ms). */
export type EventListener = (event: ChildEvent, at: number) => void

const live = new Set<ChildProcess>()

/** Kill every child still running (synchronous; safe in an `exit` handler). */
export function killAllChildren (signal: NodeJS.Signals = 'SIGKILL'): void {
  for (const child of live) {
    try {
      child.kill(signal)
    } catch {
      // already gone
    }
  }
}

let handlersInstalled = false

/** Make sure children die with the bench: on exit, SIGINT, SIGTERM and crashes. */
export function installCleanupHandlers (): void {
  if (handlersInstalled) {
    return
  }
  handlersInstalled = true
  process.on('exit', () => { killAllChildren() })
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      console.error(`\nbench: ${signal}, killing ${live.size} child processes`)
      killAllChildren()
      process.exit(130)
    })
  }
  process.on('uncaughtException', err => {
    console.error('bench: uncaught exception:', err)
    killAllChildren()
    process.exit(1)
  })
  process.on('unhandledRejection', err => {
    console.error('bench: unhandled rejection:', err)
    killAllChildren()
    process.exit(1)
  })
}

/** Options of {@link LineChild}. */
export interface LineChildOptions {
  /** a name for messages, e.g. `crypticomm-3` */
  name: string
  /** the executable, usually `process.execPath` */
  command: string
  args: string[]
  env?: NodeJS.ProcessEnv
  cwd?: string
  /** file that receives the child's stderr (and non-JSON stdout lines) */
  logFile?: string
  /** also copy every JSON event line to the log file */
  trace?: boolean
  /** the line that asks the child to quit; `/quit` by default */
  quitCommand?: string
}

/** A child process speaking JSON lines. */
export class LineChild {
  readonly name: string
  readonly spawnedAt: number
  readonly process: ChildProcess
  private readonly quitCommand: string
  readyAt?: number
  ready?: ChildEvent
  exited = false
  exitCode: number | null = null
  private readonly listeners = new Set<EventListener>()
  private readonly log?: WriteStream
  private readonly exitPromise: Promise<void>

  constructor (options: LineChildOptions) {
    this.name = options.name
    this.quitCommand = options.quitCommand ?? '/quit'
    this.log = options.logFile == null ? undefined : createWriteStream(options.logFile, { flags: 'a' })
    this.spawnedAt = nowMs()
    this.process = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe']
    })
    live.add(this.process)
    this.exitPromise = new Promise(resolve => {
      this.process.once('exit', code => {
        this.exited = true
        this.exitCode = code
        live.delete(this.process)
        resolve()
      })
      this.process.once('error', err => {
        this.log?.write(`spawn error: ${err.message}\n`)
        this.exited = true
        live.delete(this.process)
        resolve()
      })
    })
    this.process.once('close', () => { this.log?.end() })
    this.process.stdin?.on('error', () => {})
    this.process.stderr?.on('data', chunk => { this.log?.write(chunk) })
    const lines = createInterface({ input: this.process.stdout! })
    lines.on('line', line => {
      const at = nowMs()
      if (!line.startsWith('{')) {
        this.log?.write(`[stdout] ${line}\n`)
        return
      }
      let event: ChildEvent
      try {
        event = JSON.parse(line)
      } catch {
        this.log?.write(`[stdout, bad json] ${line}\n`)
        return
      }
      if (options.trace === true) {
        this.log?.write(`[${at.toFixed(1)}] ${line.length > 300 ? line.slice(0, 300) + '…' : line}\n`)
      }
      if (event.type === 'ready' && this.readyAt == null) {
        this.readyAt = at
        this.ready = event
      }
      for (const listener of this.listeners) {
        listener(event, at)
      }
    })
  }

  /** The process id (throws when the spawn failed). */
  get pid (): number {
    if (this.process.pid == null) {
      throw new Error(`${this.name} has no pid (spawn failed)`)
    }
    return this.process.pid
  }

  /** The addresses the child announced in its ready event. */
  get addrs (): string[] {
    const addrs = this.ready?.addrs
    return Array.isArray(addrs) ? addrs.map(String) : []
  }

  /** Subscribe to events; returns the unsubscribe function. */
  on (listener: EventListener): () => void {
    this.listeners.add(listener)
    return () => { this.listeners.delete(listener) }
  }

  /** Write one line to the child's stdin; returns the bench time of the write. */
  send (line: string): number {
    const at = nowMs()
    if (!this.exited) {
      this.process.stdin?.write(line + '\n')
    }
    return at
  }

  /** Resolve with the first event `match` accepts, or reject after `timeoutMs`. */
  async waitFor (match: (event: ChildEvent) => boolean, timeoutMs: number, what: string): Promise<{ event: ChildEvent, at: number }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off()
        reject(new Error(`${this.name}: timed out after ${timeoutMs} ms waiting for ${what}`))
      }, timeoutMs)
      const off = this.on((event, at) => {
        if (match(event)) {
          clearTimeout(timer)
          off()
          resolve({ event, at })
        }
      })
      void this.exitPromise.then(() => {
        clearTimeout(timer)
        off()
        reject(new Error(`${this.name} exited (code ${this.exitCode}) while waiting for ${what}`))
      })
    })
  }

  /** Wait for the ready event. */
  async waitReady (timeoutMs: number): Promise<ChildEvent> {
    if (this.ready != null) {
      return this.ready
    }
    const { event } = await this.waitFor(e => e.type === 'ready', timeoutMs, 'ready')
    return event
  }

  /** Ask the child to quit (its quit command), then TERM, then KILL. */
  async stop (graceMs = 3000): Promise<void> {
    if (this.exited) {
      return
    }
    this.send(this.quitCommand)
    this.process.stdin?.end()
    if (await this.exitedWithin(graceMs)) {
      return
    }
    this.process.kill('SIGTERM')
    if (await this.exitedWithin(2000)) {
      return
    }
    this.process.kill('SIGKILL')
    await this.exitedWithin(2000)
  }

  private async exitedWithin (ms: number): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<boolean>(resolve => { timer = setTimeout(() => { resolve(false) }, ms) })
    const result = await Promise.race([this.exitPromise.then(() => true), timeout])
    clearTimeout(timer)
    return result
  }
}
