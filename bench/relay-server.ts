/**
 * Baseline "central relay": the original CryptiComm design reduced to its
 * core, one TCP server that forwards every newline-terminated line it receives
 * to every other connected client. No parsing, no rooms, no persistence.
 *
 * Usage: node dist/bench/relay-server.js [--port 0]
 * Prints `{"type":"ready","addrs":["127.0.0.1:PORT"]}` on stdout.
 */
import { createServer } from 'node:net'
import type { Socket } from 'node:net'

const portArg = process.argv.indexOf('--port')
const port = portArg >= 0 ? Number(process.argv[portArg + 1]) : 0
const clients = new Set<Socket>()

const server = createServer(socket => {
  socket.setNoDelay(true)
  clients.add(socket)
  let pending: Buffer = Buffer.alloc(0)
  socket.on('data', (chunk: Buffer) => {
    const data = pending.length === 0 ? chunk : Buffer.concat([pending, chunk])
    const end = data.lastIndexOf(0x0a)
    if (end < 0) {
      pending = data
      return
    }
    const lines = data.subarray(0, end + 1)
    pending = Buffer.from(data.subarray(end + 1))
    for (const other of clients) {
      if (other !== socket && !other.destroyed) {
        other.write(lines)
      }
    }
  })
  const drop = (): void => { clients.delete(socket) }
  socket.on('close', drop)
  socket.on('error', drop)
})

server.listen(port, '127.0.0.1', () => {
  const address = server.address()
  const bound = typeof address === 'object' && address != null ? address.port : port
  process.stdout.write(JSON.stringify({ type: 'ready', peer: 'relay', addrs: [`127.0.0.1:${bound}`] }) + '\n')
})

process.stdin.on('data', chunk => {
  if (chunk.toString().includes('/quit')) {
    process.exit(0)
  }
})
process.stdin.on('end', () => { process.exit(0) })
