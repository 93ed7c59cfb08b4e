import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hostPortToMultiaddr, parseNetwork, parsePeerOptions, parsePort, PEER_USAGE } from '../../bin/options.js'

describe('peer options', () => {
  it('has quiet defaults', () => {
    const o = parsePeerOptions([])
    assert.deepEqual({ ...o, bootstrap: o.bootstrap.map(String) }, {
      nick: undefined,
      bootstrap: [],
      badBootstrap: [],
      port: 0,
      dataDir: undefined,
      json: false,
      network: 'lan',
      help: false,
      operator: undefined
    })
  })

  it('takes --operator as a peer id and refuses anything else', () => {
    const id = '12D3KooWKnDdG3iXw9eTFijk3EWSunZcFi54Zka4wmtqtt6rPxc8'
    assert.equal(parsePeerOptions(['--operator', id]).operator, id)
    assert.throws(() => parsePeerOptions(['--operator', 'bob']), { name: 'OptionsError', message: /--operator must be a peer id/ })
  })

  it('reads every option', () => {
    const o = parsePeerOptions(['--nick', 'Alice', '--port', '4001', '--data', '/tmp/x', '--network', 'wan', '--json', '--help'])
    assert.equal(o.nick, 'Alice', 'normalised later, by the chat core')
    assert.equal(o.port, 4001)
    assert.equal(o.dataDir, '/tmp/x')
    assert.equal(o.network, 'wan')
    assert.equal(o.json, true)
    assert.equal(o.help, true)
    assert.equal(parsePeerOptions(['-h']).help, true)
  })

  describe('HOST PORT', () => {
    it('turns an IPv4 address into /ip4', () => {
      assert.deepEqual(parsePeerOptions(['192.0.2.1', '6667']).bootstrap.map(String), ['/ip4/192.0.2.1/tcp/6667'])
    })

    it('turns an IPv6 address into /ip6', () => {
      assert.deepEqual(parsePeerOptions(['::1', '6667']).bootstrap.map(String), ['/ip6/::1/tcp/6667'])
      assert.equal(hostPortToMultiaddr('2001:db8::1', '80').toString(), '/ip6/2001:db8::1/tcp/80')
    })

    it('turns a host name into /dns', () => {
      assert.deepEqual(parsePeerOptions(['boot.example.org', '6667']).bootstrap.map(String), ['/dns/boot.example.org/tcp/6667'])
      assert.equal(hostPortToMultiaddr('localhost', '1').toString(), '/dns/localhost/tcp/1')
    })

    it('comes before the --bootstrap addresses', () => {
      const o = parsePeerOptions(['127.0.0.1', '7000', '--bootstrap', '/ip4/10.0.0.1/tcp/1'])
      assert.deepEqual(o.bootstrap.map(String), ['/ip4/127.0.0.1/tcp/7000', '/ip4/10.0.0.1/tcp/1'])
    })

    it('rejects a bad port with an OptionsError naming it', () => {
      for (const port of ['65536', '99999', 'abc', '', '1.5', '0x10', ' 80']) {
        assert.throws(() => parsePeerOptions(['127.0.0.1', port]), (err: Error) => {
          assert.equal(err.name, 'OptionsError')
          assert.match(err.message, /PORT must be a number from 0 to 65535/)
          assert.ok(err.message.includes(`"${port}"`), err.message)
          return true
        }, JSON.stringify(port))
      }
      assert.throws(() => parsePeerOptions(['127.0.0.1', '-1']), { name: 'OptionsError' })
    })

    it('rejects a host that is neither an address nor a name', () => {
      for (const host of ['bad host', 'a/b', 'x_y', 'évil.example', '']) {
        assert.throws(() => hostPortToMultiaddr(host, '1'), { name: 'OptionsError' }, JSON.stringify(host))
      }
      assert.throws(() => parsePeerOptions(['no/slashes', '80']), { name: 'OptionsError', message: /not a host name or IP address/ })
    })

    it('rejects one or three positionals', () => {
      assert.throws(() => parsePeerOptions(['127.0.0.1']), { name: 'OptionsError', message: /HOST PORT/ })
      assert.throws(() => parsePeerOptions(['127.0.0.1', '1', '2']), { name: 'OptionsError', message: /HOST PORT/ })
    })
  })

  describe('--bootstrap', () => {
    it('is repeatable', () => {
      const o = parsePeerOptions(['--bootstrap', '/ip4/10.0.0.1/tcp/1', '--bootstrap', '/dns/boot.example.org/tcp/6667', '--bootstrap=/ip6/::1/tcp/3'])
      assert.deepEqual(o.bootstrap.map(String), ['/ip4/10.0.0.1/tcp/1', '/dns/boot.example.org/tcp/6667', '/ip6/::1/tcp/3'])
      assert.deepEqual(o.badBootstrap, [])
    })

    it('keeps a /p2p/ peer id', () => {
      const addr = '/ip4/127.0.0.1/tcp/6667/p2p/12D3KooWKnDdG3iXw9eTFijk3EWSunZcFi54Zka4wmtqtt6rPxc8'
      assert.deepEqual(parsePeerOptions(['--bootstrap', addr]).bootstrap.map(String), [addr])
    })

    it('collects an invalid multiaddr in badBootstrap instead of throwing, and keeps the good ones', () => {
      const o = parsePeerOptions(['--bootstrap', 'not-a-multiaddr', '--bootstrap', '/ip4/10.0.0.1/tcp/1', '--bootstrap', '/ip4/999.1.1.1/tcp/1'])
      assert.deepEqual(o.bootstrap.map(String), ['/ip4/10.0.0.1/tcp/1'])
      assert.equal(o.badBootstrap.length, 2)
      assert.match(o.badBootstrap[0], /"not-a-multiaddr" is not a valid multiaddr/)
      assert.match(o.badBootstrap[0], /expected e\.g\. \/ip4\//)
      assert.match(o.badBootstrap[1], /"\/ip4\/999\.1\.1\.1\/tcp\/1"/)
    })
  })

  describe('errors', () => {
    it('rejects an unknown flag with an OptionsError pointing at --help', () => {
      assert.throws(() => parsePeerOptions(['--frobnicate']), (err: Error) => {
        assert.equal(err.name, 'OptionsError')
        assert.match(err.message, /--frobnicate/)
        assert.match(err.message, /--help/)
        return true
      })
      assert.throws(() => parsePeerOptions(['-x']), { name: 'OptionsError' })
    })

    it('rejects a flag missing its value', () => {
      assert.throws(() => parsePeerOptions(['--nick']), { name: 'OptionsError' })
      assert.throws(() => parsePeerOptions(['--bootstrap']), { name: 'OptionsError' })
    })

    it('rejects a bad --network', () => {
      assert.throws(() => parsePeerOptions(['--network', 'internet']), { name: 'OptionsError', message: /--network must be "lan" or "wan" \(got "internet"\)/ })
      assert.throws(() => parsePeerOptions(['--network', 'LAN']), { name: 'OptionsError' })
      assert.throws(() => parsePeerOptions(['--network', '']), { name: 'OptionsError' })
    })

    it('rejects a bad --port', () => {
      assert.throws(() => parsePeerOptions(['--port', '70000']), { name: 'OptionsError', message: /--port must be a number/ })
      assert.throws(() => parsePeerOptions(['--port', 'http']), { name: 'OptionsError' })
      assert.equal(parsePeerOptions(['--port', '65535']).port, 65535)
      assert.equal(parsePeerOptions(['--port', '0']).port, 0)
    })
  })

  describe('helpers', () => {
    it('parsePort accepts 0..65535 only', () => {
      assert.equal(parsePort('0', 'X'), 0)
      assert.equal(parsePort('65535', 'X'), 65535)
      assert.equal(parsePort('007', 'X'), 7)
      assert.throws(() => parsePort('65536', 'X'), { name: 'OptionsError', message: /^X must be/ })
    })

    it('parseNetwork defaults to lan', () => {
      assert.equal(parseNetwork(undefined), 'lan')
      assert.equal(parseNetwork('lan'), 'lan')
      assert.equal(parseNetwork('wan'), 'wan')
    })

    it('the usage text names every option', () => {
      for (const flag of ['--bootstrap', '--nick', '--port', '--data', '--network', '--json', '--help', 'HOST PORT']) {
        assert.ok(PEER_USAGE.includes(flag), flag)
      }
    })
  })
})
