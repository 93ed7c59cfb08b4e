import { chmod, mkdir, open, readFile, rename } from 'node:fs/promises'
import { homedir } from 'node:os'
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import type { PrivateKey } from '@libp2p/interface'
import { FsDatastore } from 'datastore-fs'
import { MemoryDatastore, MountDatastore } from 'datastore-core'
import { Key } from 'interface-datastore'
import type { Datastore } from 'interface-datastore'
import { IgnoreList } from '../src/chat/ignore-list.js'

/** Name of the identity key file inside a data directory. */
export const IDENTITY_FILE = 'identity.key'

/** Name of the settings file inside a data directory. */
export const SETTINGS_FILE = 'settings.json'

/** The identity key exists but cannot be read or parsed; it is never silently replaced. */
export class IdentityError extends Error {
  override readonly name = 'IdentityError'
}

/** Settings a peer remembers between runs. */
export interface Settings {
  nick?: string
  /** the network operator's peer id, once learnt */
  operator?: string
  /** peer ids whose messages are not shown (/ignore) */
  ignored?: string[]
  /** the rooms we were in: joined again at the next start */
  rooms?: string[]
}

/** The default data directory: `~/.crypticomm` (or `~/.crypticomm-bootstrap`). */
export function defaultDataDir (bootstrap = false): string {
  return join(homedir(), bootstrap ? '.crypticomm-bootstrap' : '.crypticomm')
}

/** Create the data directory (mode 0700) if needed. */
export async function ensureDataDir (dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
}

/**
 * Write a file atomically: write a temporary file with `mode`, fsync it, and
 * rename it over the target. A crash leaves the old file or the new one.
 */
export async function writeFileAtomic (path: string, data: Uint8Array | string, mode = 0o600): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomUUID()}.tmp`
  const handle = await open(tmp, 'w', mode)
  try {
    await handle.writeFile(data)
    await handle.sync()
  } finally {
    await handle.close()
  }
  await chmod(tmp, mode)
  await rename(tmp, path)
}

/**
 * Load the node's Ed25519 key from the data directory, creating it (file
 * mode 0600) on first run. The same key, hence the same peer id, every start.
 */
export async function loadOrCreateIdentity (dir: string): Promise<{ key: PrivateKey, created: boolean }> {
  const path = join(dir, IDENTITY_FILE)
  try {
    const bytes = await readFile(path)
    await chmod(path, 0o600)
    return { key: privateKeyFromProtobuf(bytes), created: false }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      // a damaged key must not be replaced by a new identity without the user knowing
      throw new IdentityError(`cannot read the identity key ${path}: ${(err as Error).message}`, { cause: err })
    }
  }
  const key = await generateKeyPair('Ed25519')
  await writeFileAtomic(path, privateKeyToProtobuf(key), 0o600)
  return { key, created: true }
}

/** Read the remembered settings (empty when there are none or they are unreadable). */
export async function readSettings (dir: string): Promise<Settings> {
  try {
    const parsed: unknown = JSON.parse(await readFile(join(dir, SETTINGS_FILE), 'utf8'))
    if (parsed != null && typeof parsed === 'object') {
      const { nick, operator, ignored, rooms } = parsed as Record<string, unknown>
      return {
        ...(Array.isArray(rooms) ? { rooms: rooms.filter((r): r is string => typeof r === 'string').slice(0, 64) } : {}),
        ...(typeof nick === 'string' ? { nick } : {}),
        ...(typeof operator === 'string' ? { operator } : {}),
        ...(Array.isArray(ignored) ? { ignored: ignored.filter((p): p is string => typeof p === 'string') } : {})
      }
    }
  } catch {
    // no settings yet, or unreadable ones: start from defaults
  }
  return {}
}

/** Remember settings (atomically). */
export async function writeSettings (dir: string, settings: Settings): Promise<void> {
  await writeFileAtomic(join(dir, SETTINGS_FILE), JSON.stringify(settings, null, 2) + '\n', 0o600)
}

/**
 * Keep a room's reclaim token in `tokens/<room>.token` (directory 0700, file
 * 0600), replacing a spent one. Never logged.
 */
export async function saveToken (dir: string, room: string, token: string): Promise<void> {
  const tokens = join(dir, 'tokens')
  await mkdir(tokens, { recursive: true, mode: 0o700 })
  await writeFileAtomic(join(tokens, `${room}.token`), token + '\n', 0o600)
}

/** Name of the ignore list file inside a data directory. */
export const IGNORE_FILE = 'ignore.json'

/**
 * Load the ignore list (`/ignore`); empty when there is none. A damaged file
 * is reported through `warn` and replaced by an empty list on the next save.
 */
export async function loadIgnoreList (dir: string, warn: (message: string) => void): Promise<IgnoreList> {
  let text: string
  try {
    text = await readFile(join(dir, IGNORE_FILE), 'utf8')
  } catch {
    return new IgnoreList()
  }
  try {
    return IgnoreList.fromJSON(text)
  } catch (err) {
    warn(`the ignore list ${join(dir, IGNORE_FILE)} is damaged (${(err as Error).message}); starting with an empty one`)
    return new IgnoreList()
  }
}

/** Keep the ignore list (atomically, mode 0600). */
export async function saveIgnoreList (dir: string, list: IgnoreList): Promise<void> {
  await writeFileAtomic(join(dir, IGNORE_FILE), JSON.stringify(list.toJSON(), null, 2) + '\n', 0o600)
}

/** A node's datastore: durable records on disk, churning bookkeeping in memory. */
export interface NodeDatastore {
  datastore: Datastore
  close: () => Promise<void>
}

/**
 * Open the datastore of a data directory. What must survive a crash — DHT
 * records (a bootstrap's included), pinned room records, the operator's ban
 * list — is on disk (one file per key, written atomically). The peer store and
 * DHT provider records change on every identify and every provide: kept on
 * disk they cost a file write each (a third of a busy peer's CPU, measured),
 * so they live in memory; known peers are saved separately
 * ({@link saveKnownPeers}).
 */
export async function openDatastore (dir: string): Promise<NodeDatastore> {
  const disk = new FsDatastore(join(dir, 'datastore'))
  await disk.open()
  const datastore = new MountDatastore([
    { prefix: new Key('/peers'), datastore: new MemoryDatastore() },
    { prefix: new Key('/dht/provider'), datastore: new MemoryDatastore() },
    { prefix: new Key('/'), datastore: disk }
  ])
  return { datastore, close: async () => { await disk.close() } }
}

/** Name of the known-peers file inside a data directory. */
export const KNOWN_PEERS_FILE = 'known-peers.json'

/** A peer remembered between runs. */
export interface KnownPeer {
  peer: string
  addrs: string[]
}

/** Most peers remembered between runs. */
export const MAX_KNOWN_PEERS = 64

/** Read the peers remembered from earlier runs (empty when none or unreadable). */
export async function loadKnownPeers (dir: string): Promise<KnownPeer[]> {
  try {
    const parsed: unknown = JSON.parse(await readFile(join(dir, KNOWN_PEERS_FILE), 'utf8'))
    if (!Array.isArray(parsed)) {
      return []
    }
    return parsed.filter((p): p is KnownPeer => p != null && typeof p.peer === 'string' && Array.isArray(p.addrs) && p.addrs.every((a: unknown) => typeof a === 'string')).slice(0, MAX_KNOWN_PEERS)
  } catch {
    return []
  }
}

/** Remember peers for the next run (atomically). */
export async function saveKnownPeers (dir: string, peers: KnownPeer[]): Promise<void> {
  await writeFileAtomic(join(dir, KNOWN_PEERS_FILE), JSON.stringify(peers.slice(0, MAX_KNOWN_PEERS), null, 2) + '\n', 0o600)
}
