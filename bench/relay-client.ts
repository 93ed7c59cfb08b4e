/**
 * Client of the central-relay baseline. Speaks the same JSON-lines contract as
 * the CryptiComm CLI (`/join ROOM`, plain text, `/quit` on stdin; `ready`,
 * `joined` and `message` events on stdout) so the bench drives both alike.
 *
 * Usage: node dist/bench/relay-client.js --server 127.0.0.1:PORT --nick NAME
 */
import { connect } from 'node:net'
import { createInterface } from 'node:readline'

function arg (name: string, fallback: string): string {
  const i = process.argv.indexOf(name)
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback
}

const [host, portText] = arg('--server', '127.0.0.1:6667').split(':')
const nick = arg('--nick', `relay-${process.pid}`)
let room: string | undefined

function emit (event: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(event) + '\n')
}

const socket = connect({ host, port: Number(portText), noDelay: true }, () => {
  emit({ type: 'ready', peer: nick, nick, addrs: [] })
})
socket.on('error', err => {
  emit({ type: 'error', message: err.message })
  process.exit(1)
})
socket.on('close', () => { process.exit(0) })

createInterface({ input: socket }).on('line', line => {
  try {
    const msg = JSON.parse(line) as { room: string, nick: string, text: string, time: number }
    if (msg.room === room) {
      emit({ type: 'message', room: msg.room, nick: msg.nick, peer: msg.nick, text: msg.text, time: msg.time, self: false })
    }
  } catch {
    // not a bench line
  }
})

createInterface({ input: process.stdin }).on('line', line => {
  if (line.startsWith('/join ')) {
    room = line.slice(6).trim().replace(/^#/, '')
    emit({ type: 'joined', room })
  } else if (line.startsWith('/quit')) {
    socket.end(() => { process.exit(0) })
  } else if (room != null && line.length > 0) {
    const time = Date.now()
    socket.write(JSON.stringify({ room, nick, text: line, time }) + '\n')
    emit({ type: 'message', room, nick, peer: nick, text: line, time, self: true })
  }
}).on('close', () => { socket.end(() => { process.exit(0) }) })
