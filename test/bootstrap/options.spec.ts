import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BOOTSTRAP_USAGE, DEFAULT_BOOTSTRAP_PORT, parseBootstrapOptions } from '../../bootstrap/options.js'

describe('bootstrap options', () => {
  it(`listens on ${DEFAULT_BOOTSTRAP_PORT} on the lan network by default`, () => {
    assert.deepEqual(parseBootstrapOptions([]), { port: DEFAULT_BOOTSTRAP_PORT, dataDir: undefined, json: false, network: 'lan', help: false })
    assert.equal(DEFAULT_BOOTSTRAP_PORT, 6667)
  })

  it('takes the port as a positional or as --port', () => {
    assert.equal(parseBootstrapOptions(['7000']).port, 7000)
    assert.equal(parseBootstrapOptions(['--port', '7001']).port, 7001)
    assert.equal(parseBootstrapOptions(['0']).port, 0)
  })

  it('reads every option', () => {
    assert.deepEqual(parseBootstrapOptions(['7000', '--data', '/srv/boot', '--network', 'wan', '--json', '--help']),
      { port: 7000, dataDir: '/srv/boot', json: true, network: 'wan', help: true })
    assert.equal(parseBootstrapOptions(['-h']).help, true)
  })

  it('rejects a bad port', () => {
    for (const argv of [['70000'], ['port'], ['--port', '65536'], ['--port', '']]) {
      assert.throws(() => parseBootstrapOptions(argv), { name: 'OptionsError', message: /must be a number from 0 to 65535/ }, argv.join(' '))
    }
  })

  it('rejects more than one positional', () => {
    assert.throws(() => parseBootstrapOptions(['7000', '7001']), { name: 'OptionsError', message: /at most one PORT/ })
  })

  it('rejects a bad --network', () => {
    assert.throws(() => parseBootstrapOptions(['--network', 'mesh']), { name: 'OptionsError', message: /--network/ })
  })

  it('rejects peer-only and unknown flags', () => {
    for (const flag of ['--bootstrap', '--nick', '--frobnicate']) {
      assert.throws(() => parseBootstrapOptions([flag, 'x']), { name: 'OptionsError', message: /--help/ }, flag)
    }
  })

  it('the usage text names every option and the console commands', () => {
    for (const text of ['PORT', '--data', '--network', '--json', '--help', 'list users', 'quit']) {
      assert.ok(BOOTSTRAP_USAGE.includes(text), text)
    }
  })
})
