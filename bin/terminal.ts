import { createInterface, clearLine, cursorTo } from 'node:readline'
import type { Interface } from 'node:readline'
import { formatEvent, formatJson } from '../src/ui/format-event.js'
import type { CompletionSource } from '../src/ui/completer.js'
import { complete } from '../src/ui/completer.js'
import type { UiEvent } from '../src/ui/ui-events.js'

/** How the terminal shows events: interactive, line mode (pipes) or JSON. */
export type OutputMode = 'tty' | 'line' | 'json'

/** The terminal of one process: renders events and reads lines. */
export interface Terminal {
  mode: OutputMode
  /** Show one event. */
  show: (event: UiEvent) => void
  /** Update the prompt (TTY only): the current room. */
  setPrompt: (room: string | undefined) => void
  /** Call `onLine` for every input line, `onEnd` when input ends. */
  read: (onLine: (line: string) => Promise<void>, onEnd: () => void) => void
  /** Stop reading. */
  close: () => void
}

/**
 * Pick the mode from the flags and the environment: `--json` wins; otherwise
 * a TTY on stdin and stdout is interactive, anything else is line mode.
 */
export function chooseMode (json: boolean): OutputMode {
  if (json) {
    return 'json'
  }
  return process.stdin.isTTY === true && process.stdout.isTTY === true ? 'tty' : 'line'
}

/** Build the process's terminal in `mode`; `completion` feeds tab completion. */
export function createTerminal (mode: OutputMode, completion: CompletionSource): Terminal {
  const colour = mode === 'tty' && process.env.NO_COLOR == null && process.env.TERM !== 'dumb'
  let rl: Interface | undefined
  const write = (lines: string[]): void => {
    if (rl != null && mode === 'tty') {
      clearLine(process.stdout, 0)
      cursorTo(process.stdout, 0)
      process.stdout.write(lines.join('\n') + '\n')
      rl.prompt(true)
    } else {
      process.stdout.write(lines.join('\n') + '\n')
    }
  }
  return {
    mode,
    show (event) {
      if (mode === 'json') {
        process.stdout.write(formatJson(event) + '\n')
        return
      }
      write(formatEvent(event, { colour, timestamps: mode === 'tty' }))
    },
    setPrompt (room) {
      if (rl != null && mode === 'tty') {
        rl.setPrompt(room == null ? '> ' : `[#${room}] `)
        rl.prompt(true)
      }
    },
    read (onLine, onEnd) {
      rl = createInterface({
        input: process.stdin,
        output: mode === 'tty' ? process.stdout : undefined,
        terminal: mode === 'tty',
        completer: mode === 'tty' ? (line: string) => complete(completion, line) : undefined,
        historySize: 500
      })
      if (mode === 'tty') {
        rl.setPrompt('> ')
        rl.prompt()
      }
      // lines are handled one at a time, in order
      let queue = Promise.resolve()
      rl.on('line', (line) => {
        queue = queue.then(async () => onLine(line)).then(() => {
          if (mode === 'tty') {
            rl?.prompt()
          }
        })
      })
      rl.on('close', () => { void queue.then(onEnd) })
      if (mode === 'tty') {
        rl.on('SIGINT', () => { rl?.close() })
      }
    },
    close () {
      rl?.close()
    }
  }
}
