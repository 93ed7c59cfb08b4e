import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import {
  defaultDataDir,
  ensureDataDir,
  IDENTITY_FILE,
  loadOrCreateIdentity,
  readSettings,
  SETTINGS_FILE,
  writeFileAtomic,
  writeSettings
} from '../../bin/data-dir.js'

async function modeOf (path: string): Promise<number> {
  return (await stat(path)).mode & 0o777
}

describe('data directory', () => {
  let dir: string

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crypticomm-data-dir-'))
  })

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('defaults to ~/.crypticomm, or ~/.crypticomm-bootstrap for a bootstrap node', () => {
    assert.equal(defaultDataDir(), join(homedir(), '.crypticomm'))
    assert.equal(defaultDataDir(true), join(homedir(), '.crypticomm-bootstrap'))
  })

  it('ensureDataDir creates missing directories, private to the user, and accepts an existing one', async () => {
    const nested = join(dir, 'a', 'b')
    await ensureDataDir(nested)
    assert.equal(await modeOf(nested), 0o700)
    await ensureDataDir(nested)
    assert.ok((await stat(nested)).isDirectory())
  })

  describe('identity', () => {
    it('creates an Ed25519 key readable only by the user on first run', async () => {
      const { key, created } = await loadOrCreateIdentity(dir)
      assert.equal(created, true)
      assert.equal(key.type, 'Ed25519')
      assert.equal(await modeOf(join(dir, IDENTITY_FILE)), 0o600)
      assert.deepEqual(await readdir(dir), [IDENTITY_FILE], 'no temporary file left behind')
    })

    it('loads the same identity, hence the same peer id, on the next run', async () => {
      const first = await loadOrCreateIdentity(dir)
      const bytes = await readFile(join(dir, IDENTITY_FILE))
      const second = await loadOrCreateIdentity(dir)
      assert.equal(second.created, false)
      assert.equal(peerIdFromPrivateKey(second.key).toString(), peerIdFromPrivateKey(first.key).toString())
      assert.ok(second.key.equals(first.key))
      assert.deepEqual(await readFile(join(dir, IDENTITY_FILE)), bytes, 'the file is not rewritten')
    })

    it('a different data directory has a different identity', async () => {
      const other = await mkdtemp(join(tmpdir(), 'crypticomm-data-dir-'))
      try {
        const a = await loadOrCreateIdentity(dir)
        const b = await loadOrCreateIdentity(other)
        assert.notEqual(peerIdFromPrivateKey(a.key).toString(), peerIdFromPrivateKey(b.key).toString())
      } finally {
        await rm(other, { recursive: true, force: true })
      }
    })

    it('tightens the mode of an existing key file to 0600', async () => {
      await loadOrCreateIdentity(dir)
      await chmod(join(dir, IDENTITY_FILE), 0o644)
      await loadOrCreateIdentity(dir)
      assert.equal(await modeOf(join(dir, IDENTITY_FILE)), 0o600)
    })

    it('a corrupt key file is a clear error, not a silently new identity', async () => {
      const path = join(dir, IDENTITY_FILE)
      for (const corrupt of [Buffer.from('this is not a key'), Buffer.alloc(0), Buffer.from([0x08, 0x01, 0x12, 0x40, 1, 2, 3])]) {
        await writeFile(path, corrupt, { mode: 0o600 })
        await assert.rejects(loadOrCreateIdentity(dir), (err: Error) => {
          assert.match(err.message, /cannot read the identity key/)
          assert.ok(err.message.includes(path), 'names the file')
          return true
        }, `corrupt file of ${corrupt.byteLength} bytes`)
        assert.deepEqual(await readFile(path), corrupt, 'the corrupt file is left for the user to inspect')
      }
    })

    it('a key file that cannot be read is an error too', async () => {
      await ensureDataDir(join(dir, IDENTITY_FILE))
      await assert.rejects(loadOrCreateIdentity(dir), { message: /cannot read the identity key/ })
    })
  })

  describe('writeFileAtomic', () => {
    it('writes the data with mode 0600 and leaves no temporary file', async () => {
      const path = join(dir, 'file.txt')
      await writeFileAtomic(path, 'hello\n')
      assert.equal(await readFile(path, 'utf8'), 'hello\n')
      assert.equal(await modeOf(path), 0o600)
      assert.deepEqual(await readdir(dir), ['file.txt'])
    })

    it('writes bytes and sets the mode it is given', async () => {
      const path = join(dir, 'file.bin')
      await writeFileAtomic(path, new Uint8Array([0, 1, 2, 255]), 0o640)
      assert.deepEqual([...await readFile(path)], [0, 1, 2, 255])
      assert.equal(await modeOf(path), 0o640)
    })

    it('replaces an existing file, including its mode', async () => {
      const path = join(dir, 'file.txt')
      await writeFile(path, 'old old old old', { mode: 0o644 })
      await chmod(path, 0o644)
      await writeFileAtomic(path, 'new')
      assert.equal(await readFile(path, 'utf8'), 'new')
      assert.equal(await modeOf(path), 0o600)
      assert.deepEqual(await readdir(dir), ['file.txt'])
    })

    it('survives concurrent writes of the same file (as two quick /nick commands cause)', async () => {
      const path = join(dir, SETTINGS_FILE)
      const results = await Promise.allSettled(['alice', 'bob', 'carol'].map(async nick => writeFileAtomic(path, JSON.stringify({ nick }))))
      assert.deepEqual(results.map(r => r.status === 'rejected' ? String((r.reason as Error).message) : 'ok'), ['ok', 'ok', 'ok'])
      assert.ok(['alice', 'bob', 'carol'].includes((JSON.parse(await readFile(path, 'utf8')) as { nick: string }).nick))
      assert.deepEqual(await readdir(dir), [SETTINGS_FILE])
    })

    it('fails when the directory does not exist, leaving nothing behind', async () => {
      await assert.rejects(writeFileAtomic(join(dir, 'missing', 'file.txt'), 'x'), { code: 'ENOENT' })
      assert.deepEqual(await readdir(dir), [])
    })
  })

  describe('settings', () => {
    it('round-trip, in a private file', async () => {
      await writeSettings(dir, { nick: 'alice' })
      assert.deepEqual(await readSettings(dir), { nick: 'alice' })
      assert.equal(await modeOf(join(dir, SETTINGS_FILE)), 0o600)
      await writeSettings(dir, { nick: 'bob' })
      assert.deepEqual(await readSettings(dir), { nick: 'bob' })
      await writeSettings(dir, {})
      assert.deepEqual(await readSettings(dir), {})
      assert.deepEqual(await readdir(dir), [SETTINGS_FILE])
    })

    it('are empty when there is no settings file', async () => {
      assert.deepEqual(await readSettings(dir), {})
      assert.deepEqual(await readSettings(join(dir, 'missing')), {})
    })

    it('tolerate a corrupt or unexpected settings file', async () => {
      for (const text of ['{not json', '', 'null', '42', '"alice"', '[]', '{"nick": 7}', '{"nick": null}', '\u0000\u0001']) {
        await writeFile(join(dir, SETTINGS_FILE), text)
        assert.deepEqual(await readSettings(dir), {}, JSON.stringify(text))
      }
    })

    it('keep only the settings they know', async () => {
      await writeFile(join(dir, SETTINGS_FILE), JSON.stringify({ nick: 'carol', colour: 'pink' }))
      assert.deepEqual(await readSettings(dir), { nick: 'carol' })
    })

    it('can be rewritten after a corrupt file', async () => {
      await writeFile(join(dir, SETTINGS_FILE), '{broken')
      await writeSettings(dir, { nick: 'dave' })
      assert.deepEqual(await readSettings(dir), { nick: 'dave' })
    })
  })
})
