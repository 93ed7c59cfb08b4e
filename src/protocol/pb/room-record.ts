import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface RoomRecord {
  genesis?: SignedGenesis
  reclaims: SignedReclaim[]
  body: Uint8Array<ArrayBuffer>
  bodySignature: Uint8Array<ArrayBuffer>
}

export namespace RoomRecord {
  let _codec: Codec<RoomRecord>

  export const codec = (): Codec<RoomRecord> => {
    if (_codec == null) {
      _codec = message<RoomRecord>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.genesis != null) {
          w.uint32(10)
          SignedGenesis.codec().encode(obj.genesis, w)
        }

        if (obj.reclaims != null && obj.reclaims.length > 0) {
          for (const value of obj.reclaims) {
            w.uint32(18)
            SignedReclaim.codec().encode(value, w)
          }
        }

        if ((obj.body != null && obj.body.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.body)
        }

        if ((obj.bodySignature != null && obj.bodySignature.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.bodySignature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          reclaims: [],
          body: uint8ArrayAlloc(0),
          bodySignature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.genesis = SignedGenesis.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.genesis
              })
              break
            }
            case 2: {
              if (opts.limits?.reclaims != null && obj.reclaims.length === opts.limits.reclaims) {
                throw new MaxLengthError('Decode error - repeated field "reclaims" had too many elements')
              }

              obj.reclaims.push(SignedReclaim.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.reclaims$
              }))
              break
            }
            case 3: {
              obj.body = reader.bytes()
              break
            }
            case 4: {
              obj.bodySignature = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          reclaims: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * SignedGenesis.codec().stream(reader, reader.uint32(), `${prefix}.genesis`, {
                limits: opts.limits?.genesis
              })

              break
            }
            case 2: {
              if (opts.limits?.reclaims != null && obj.reclaims === opts.limits.reclaims) {
                throw new MaxLengthError('Streaming decode error - repeated field "reclaims" had too many elements')
              }

              for (const evt of SignedReclaim.codec().stream(reader, reader.uint32(), `${prefix}.reclaims[]`, {
                limits: opts.limits?.reclaims$
              })) {
                yield {
                  ...evt,
                  index: obj.reclaims
                }
              }

              obj.reclaims++

              break
            }
            case 3: {
              yield {
                field: `${prefix}.body`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.bodySignature`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface RoomRecordGenesisPayloadFieldEvent {
    field: '$.genesis.payload'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RoomRecordGenesisSignatureFieldEvent {
    field: '$.genesis.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RoomRecordReclaimsPayloadFieldEvent {
    field: '$.reclaims[].payload'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface RoomRecordReclaimsOwnerSignatureFieldEvent {
    field: '$.reclaims[].ownerSignature'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface RoomRecordReclaimsTokenSignatureFieldEvent {
    field: '$.reclaims[].tokenSignature'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface RoomRecordBodyFieldEvent {
    field: '$.body'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RoomRecordBodySignatureFieldEvent {
    field: '$.bodySignature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<RoomRecord>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RoomRecord.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RoomRecord>): RoomRecord {
    return decodeMessage(buf, RoomRecord.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RoomRecord>): Generator<RoomRecordGenesisPayloadFieldEvent | RoomRecordGenesisSignatureFieldEvent | RoomRecordReclaimsPayloadFieldEvent | RoomRecordReclaimsOwnerSignatureFieldEvent | RoomRecordReclaimsTokenSignatureFieldEvent | RoomRecordBodyFieldEvent | RoomRecordBodySignatureFieldEvent> {
    return streamMessage(buf, RoomRecord.codec(), opts)
  }
}

export interface SignedGenesis {
  payload: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export namespace SignedGenesis {
  let _codec: Codec<SignedGenesis>

  export const codec = (): Codec<SignedGenesis> => {
    if (_codec == null) {
      _codec = message<SignedGenesis>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.payload != null && obj.payload.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.payload)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          payload: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.payload = reader.bytes()
              break
            }
            case 2: {
              obj.signature = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.payload`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SignedGenesisPayloadFieldEvent {
    field: '$.payload'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedGenesisSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SignedGenesis>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SignedGenesis.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedGenesis>): SignedGenesis {
    return decodeMessage(buf, SignedGenesis.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedGenesis>): Generator<SignedGenesisPayloadFieldEvent | SignedGenesisSignatureFieldEvent> {
    return streamMessage(buf, SignedGenesis.codec(), opts)
  }
}

export interface SignedReclaim {
  payload: Uint8Array<ArrayBuffer>
  ownerSignature: Uint8Array<ArrayBuffer>
  tokenSignature: Uint8Array<ArrayBuffer>
}

export namespace SignedReclaim {
  let _codec: Codec<SignedReclaim>

  export const codec = (): Codec<SignedReclaim> => {
    if (_codec == null) {
      _codec = message<SignedReclaim>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.payload != null && obj.payload.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.payload)
        }

        if ((obj.ownerSignature != null && obj.ownerSignature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.ownerSignature)
        }

        if ((obj.tokenSignature != null && obj.tokenSignature.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.tokenSignature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          payload: uint8ArrayAlloc(0),
          ownerSignature: uint8ArrayAlloc(0),
          tokenSignature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.payload = reader.bytes()
              break
            }
            case 2: {
              obj.ownerSignature = reader.bytes()
              break
            }
            case 3: {
              obj.tokenSignature = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.payload`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.ownerSignature`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.tokenSignature`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SignedReclaimPayloadFieldEvent {
    field: '$.payload'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedReclaimOwnerSignatureFieldEvent {
    field: '$.ownerSignature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedReclaimTokenSignatureFieldEvent {
    field: '$.tokenSignature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SignedReclaim>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SignedReclaim.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedReclaim>): SignedReclaim {
    return decodeMessage(buf, SignedReclaim.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedReclaim>): Generator<SignedReclaimPayloadFieldEvent | SignedReclaimOwnerSignatureFieldEvent | SignedReclaimTokenSignatureFieldEvent> {
    return streamMessage(buf, SignedReclaim.codec(), opts)
  }
}

export interface RoomGenesis {
  room: string
  ownerKey: Uint8Array<ArrayBuffer>
  createdAtMs: bigint
  reclaimKey: Uint8Array<ArrayBuffer>
}

export namespace RoomGenesis {
  let _codec: Codec<RoomGenesis>

  export const codec = (): Codec<RoomGenesis> => {
    if (_codec == null) {
      _codec = message<RoomGenesis>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.room != null && obj.room !== '')) {
          w.uint32(10)
          w.string(obj.room)
        }

        if ((obj.ownerKey != null && obj.ownerKey.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.ownerKey)
        }

        if ((obj.createdAtMs != null && obj.createdAtMs !== 0n)) {
          w.uint32(24)
          w.uint64(obj.createdAtMs)
        }

        if ((obj.reclaimKey != null && obj.reclaimKey.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.reclaimKey)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          room: '',
          ownerKey: uint8ArrayAlloc(0),
          createdAtMs: 0n,
          reclaimKey: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.room = reader.string()
              break
            }
            case 2: {
              obj.ownerKey = reader.bytes()
              break
            }
            case 3: {
              obj.createdAtMs = reader.uint64()
              break
            }
            case 4: {
              obj.reclaimKey = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.room`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.ownerKey`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.createdAtMs`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.reclaimKey`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface RoomGenesisRoomFieldEvent {
    field: '$.room'
    value: string
  }

  export interface RoomGenesisOwnerKeyFieldEvent {
    field: '$.ownerKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RoomGenesisCreatedAtMsFieldEvent {
    field: '$.createdAtMs'
    value: bigint
  }

  export interface RoomGenesisReclaimKeyFieldEvent {
    field: '$.reclaimKey'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<RoomGenesis>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RoomGenesis.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RoomGenesis>): RoomGenesis {
    return decodeMessage(buf, RoomGenesis.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RoomGenesis>): Generator<RoomGenesisRoomFieldEvent | RoomGenesisOwnerKeyFieldEvent | RoomGenesisCreatedAtMsFieldEvent | RoomGenesisReclaimKeyFieldEvent> {
    return streamMessage(buf, RoomGenesis.codec(), opts)
  }
}

export interface RoomReclaim {
  prevHash: Uint8Array<ArrayBuffer>
  ownerKey: Uint8Array<ArrayBuffer>
  reclaimedAtMs: bigint
  reclaimKey: Uint8Array<ArrayBuffer>
}

export namespace RoomReclaim {
  let _codec: Codec<RoomReclaim>

  export const codec = (): Codec<RoomReclaim> => {
    if (_codec == null) {
      _codec = message<RoomReclaim>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.prevHash != null && obj.prevHash.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.prevHash)
        }

        if ((obj.ownerKey != null && obj.ownerKey.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.ownerKey)
        }

        if ((obj.reclaimedAtMs != null && obj.reclaimedAtMs !== 0n)) {
          w.uint32(24)
          w.uint64(obj.reclaimedAtMs)
        }

        if ((obj.reclaimKey != null && obj.reclaimKey.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.reclaimKey)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          prevHash: uint8ArrayAlloc(0),
          ownerKey: uint8ArrayAlloc(0),
          reclaimedAtMs: 0n,
          reclaimKey: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.prevHash = reader.bytes()
              break
            }
            case 2: {
              obj.ownerKey = reader.bytes()
              break
            }
            case 3: {
              obj.reclaimedAtMs = reader.uint64()
              break
            }
            case 4: {
              obj.reclaimKey = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.prevHash`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.ownerKey`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.reclaimedAtMs`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.reclaimKey`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface RoomReclaimPrevHashFieldEvent {
    field: '$.prevHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RoomReclaimOwnerKeyFieldEvent {
    field: '$.ownerKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RoomReclaimReclaimedAtMsFieldEvent {
    field: '$.reclaimedAtMs'
    value: bigint
  }

  export interface RoomReclaimReclaimKeyFieldEvent {
    field: '$.reclaimKey'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<RoomReclaim>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RoomReclaim.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RoomReclaim>): RoomReclaim {
    return decodeMessage(buf, RoomReclaim.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RoomReclaim>): Generator<RoomReclaimPrevHashFieldEvent | RoomReclaimOwnerKeyFieldEvent | RoomReclaimReclaimedAtMsFieldEvent | RoomReclaimReclaimKeyFieldEvent> {
    return streamMessage(buf, RoomReclaim.codec(), opts)
  }
}

export interface RoomBody {
  room: string
  seq: bigint
  chainHash: Uint8Array<ArrayBuffer>
  admins: string[]
  bans: RoomBan[]
  settings?: RoomSettings
}

export namespace RoomBody {
  let _codec: Codec<RoomBody>

  export const codec = (): Codec<RoomBody> => {
    if (_codec == null) {
      _codec = message<RoomBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.room != null && obj.room !== '')) {
          w.uint32(10)
          w.string(obj.room)
        }

        if ((obj.seq != null && obj.seq !== 0n)) {
          w.uint32(16)
          w.uint64(obj.seq)
        }

        if ((obj.chainHash != null && obj.chainHash.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.chainHash)
        }

        if (obj.admins != null && obj.admins.length > 0) {
          for (const value of obj.admins) {
            w.uint32(34)
            w.string(value)
          }
        }

        if (obj.bans != null && obj.bans.length > 0) {
          for (const value of obj.bans) {
            w.uint32(42)
            RoomBan.codec().encode(value, w)
          }
        }

        if (obj.settings != null) {
          w.uint32(50)
          RoomSettings.codec().encode(obj.settings, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          room: '',
          seq: 0n,
          chainHash: uint8ArrayAlloc(0),
          admins: [],
          bans: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.room = reader.string()
              break
            }
            case 2: {
              obj.seq = reader.uint64()
              break
            }
            case 3: {
              obj.chainHash = reader.bytes()
              break
            }
            case 4: {
              if (opts.limits?.admins != null && obj.admins.length === opts.limits.admins) {
                throw new MaxLengthError('Decode error - repeated field "admins" had too many elements')
              }

              obj.admins.push(reader.string())
              break
            }
            case 5: {
              if (opts.limits?.bans != null && obj.bans.length === opts.limits.bans) {
                throw new MaxLengthError('Decode error - repeated field "bans" had too many elements')
              }

              obj.bans.push(RoomBan.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.bans$
              }))
              break
            }
            case 6: {
              obj.settings = RoomSettings.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.settings
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          admins: 0,
          bans: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.room`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.seq`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.chainHash`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              if (opts.limits?.admins != null && obj.admins === opts.limits.admins) {
                throw new MaxLengthError('Streaming decode error - repeated field "admins" had too many elements')
              }

              yield {
                field: `${prefix}.admins[]`,
                index: obj.admins,
                value: reader.string()
              }

              obj.admins++

              break
            }
            case 5: {
              if (opts.limits?.bans != null && obj.bans === opts.limits.bans) {
                throw new MaxLengthError('Streaming decode error - repeated field "bans" had too many elements')
              }

              for (const evt of RoomBan.codec().stream(reader, reader.uint32(), `${prefix}.bans[]`, {
                limits: opts.limits?.bans$
              })) {
                yield {
                  ...evt,
                  index: obj.bans
                }
              }

              obj.bans++

              break
            }
            case 6: {
              yield * RoomSettings.codec().stream(reader, reader.uint32(), `${prefix}.settings`, {
                limits: opts.limits?.settings
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface RoomBodyRoomFieldEvent {
    field: '$.room'
    value: string
  }

  export interface RoomBodySeqFieldEvent {
    field: '$.seq'
    value: bigint
  }

  export interface RoomBodyChainHashFieldEvent {
    field: '$.chainHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RoomBodyAdminsFieldEvent {
    field: '$.admins[]'
    index: number
    value: string
  }

  export interface RoomBodyBansPeerFieldEvent {
    field: '$.bans[].peer'
    value: string
    index: number
  }

  export interface RoomBodyBansReasonFieldEvent {
    field: '$.bans[].reason'
    value: string
    index: number
  }

  export interface RoomBodyBansAtMsFieldEvent {
    field: '$.bans[].atMs'
    value: bigint
    index: number
  }

  export interface RoomBodyBansByFieldEvent {
    field: '$.bans[].by'
    value: string
    index: number
  }

  export interface RoomBodySettingsTopicFieldEvent {
    field: '$.settings.topic'
    value: string
  }

  export interface RoomBodySettingsMsgPerMinuteFieldEvent {
    field: '$.settings.msgPerMinute'
    value: number
  }

  export interface RoomBodySettingsBurstFieldEvent {
    field: '$.settings.burst'
    value: number
  }

  export interface RoomBodySettingsMaxBytesFieldEvent {
    field: '$.settings.maxBytes'
    value: number
  }

  export function encode (obj: Partial<RoomBody>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RoomBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RoomBody>): RoomBody {
    return decodeMessage(buf, RoomBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RoomBody>): Generator<RoomBodyRoomFieldEvent | RoomBodySeqFieldEvent | RoomBodyChainHashFieldEvent | RoomBodyAdminsFieldEvent | RoomBodyBansPeerFieldEvent | RoomBodyBansReasonFieldEvent | RoomBodyBansAtMsFieldEvent | RoomBodyBansByFieldEvent | RoomBodySettingsTopicFieldEvent | RoomBodySettingsMsgPerMinuteFieldEvent | RoomBodySettingsBurstFieldEvent | RoomBodySettingsMaxBytesFieldEvent> {
    return streamMessage(buf, RoomBody.codec(), opts)
  }
}

export interface RoomBan {
  peer: string
  reason: string
  atMs: bigint
  by: string
}

export namespace RoomBan {
  let _codec: Codec<RoomBan>

  export const codec = (): Codec<RoomBan> => {
    if (_codec == null) {
      _codec = message<RoomBan>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.peer != null && obj.peer !== '')) {
          w.uint32(10)
          w.string(obj.peer)
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(18)
          w.string(obj.reason)
        }

        if ((obj.atMs != null && obj.atMs !== 0n)) {
          w.uint32(24)
          w.uint64(obj.atMs)
        }

        if ((obj.by != null && obj.by !== '')) {
          w.uint32(34)
          w.string(obj.by)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          peer: '',
          reason: '',
          atMs: 0n,
          by: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.peer = reader.string()
              break
            }
            case 2: {
              obj.reason = reader.string()
              break
            }
            case 3: {
              obj.atMs = reader.uint64()
              break
            }
            case 4: {
              obj.by = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.peer`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.reason`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.atMs`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.by`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface RoomBanPeerFieldEvent {
    field: '$.peer'
    value: string
  }

  export interface RoomBanReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export interface RoomBanAtMsFieldEvent {
    field: '$.atMs'
    value: bigint
  }

  export interface RoomBanByFieldEvent {
    field: '$.by'
    value: string
  }

  export function encode (obj: Partial<RoomBan>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RoomBan.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RoomBan>): RoomBan {
    return decodeMessage(buf, RoomBan.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RoomBan>): Generator<RoomBanPeerFieldEvent | RoomBanReasonFieldEvent | RoomBanAtMsFieldEvent | RoomBanByFieldEvent> {
    return streamMessage(buf, RoomBan.codec(), opts)
  }
}

export interface RoomSettings {
  topic: string
  msgPerMinute: number
  burst: number
  maxBytes: number
}

export namespace RoomSettings {
  let _codec: Codec<RoomSettings>

  export const codec = (): Codec<RoomSettings> => {
    if (_codec == null) {
      _codec = message<RoomSettings>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.topic != null && obj.topic !== '')) {
          w.uint32(10)
          w.string(obj.topic)
        }

        if ((obj.msgPerMinute != null && obj.msgPerMinute !== 0)) {
          w.uint32(16)
          w.uint32(obj.msgPerMinute)
        }

        if ((obj.burst != null && obj.burst !== 0)) {
          w.uint32(24)
          w.uint32(obj.burst)
        }

        if ((obj.maxBytes != null && obj.maxBytes !== 0)) {
          w.uint32(32)
          w.uint32(obj.maxBytes)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          topic: '',
          msgPerMinute: 0,
          burst: 0,
          maxBytes: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.topic = reader.string()
              break
            }
            case 2: {
              obj.msgPerMinute = reader.uint32()
              break
            }
            case 3: {
              obj.burst = reader.uint32()
              break
            }
            case 4: {
              obj.maxBytes = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.topic`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.msgPerMinute`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.burst`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.maxBytes`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface RoomSettingsTopicFieldEvent {
    field: '$.topic'
    value: string
  }

  export interface RoomSettingsMsgPerMinuteFieldEvent {
    field: '$.msgPerMinute'
    value: number
  }

  export interface RoomSettingsBurstFieldEvent {
    field: '$.burst'
    value: number
  }

  export interface RoomSettingsMaxBytesFieldEvent {
    field: '$.maxBytes'
    value: number
  }

  export function encode (obj: Partial<RoomSettings>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RoomSettings.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RoomSettings>): RoomSettings {
    return decodeMessage(buf, RoomSettings.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RoomSettings>): Generator<RoomSettingsTopicFieldEvent | RoomSettingsMsgPerMinuteFieldEvent | RoomSettingsBurstFieldEvent | RoomSettingsMaxBytesFieldEvent> {
    return streamMessage(buf, RoomSettings.codec(), opts)
  }
}

export interface RoomEvent {
  payload: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export namespace RoomEvent {
  let _codec: Codec<RoomEvent>

  export const codec = (): Codec<RoomEvent> => {
    if (_codec == null) {
      _codec = message<RoomEvent>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.payload != null && obj.payload.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.payload)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          payload: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.payload = reader.bytes()
              break
            }
            case 2: {
              obj.signature = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.payload`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface RoomEventPayloadFieldEvent {
    field: '$.payload'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RoomEventSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<RoomEvent>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RoomEvent.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RoomEvent>): RoomEvent {
    return decodeMessage(buf, RoomEvent.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RoomEvent>): Generator<RoomEventPayloadFieldEvent | RoomEventSignatureFieldEvent> {
    return streamMessage(buf, RoomEvent.codec(), opts)
  }
}

export interface RoomEventPayload {
  kind: RoomEventPayload.Kind
  room: string
  issuerKey: Uint8Array<ArrayBuffer>
  target: string
  reason: string
  issuedAtMs: bigint
  coolOffMs: bigint
  recordSeq: bigint
}

export namespace RoomEventPayload {
  export enum Kind {
    UNKNOWN = 'UNKNOWN',
    KICK = 'KICK',
    BAN = 'BAN',
    UNBAN = 'UNBAN'
  }

  enum __KindValues {
    UNKNOWN = 0,
    KICK = 1,
    BAN = 2,
    UNBAN = 3
  }

  export namespace Kind {
    export const codec = (): Codec<Kind> => {
      return enumeration<Kind>(__KindValues)
    }
  }

  let _codec: Codec<RoomEventPayload>

  export const codec = (): Codec<RoomEventPayload> => {
    if (_codec == null) {
      _codec = message<RoomEventPayload>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.kind != null && __KindValues[obj.kind] !== 0) {
          w.uint32(8)
          RoomEventPayload.Kind.codec().encode(obj.kind, w)
        }

        if ((obj.room != null && obj.room !== '')) {
          w.uint32(18)
          w.string(obj.room)
        }

        if ((obj.issuerKey != null && obj.issuerKey.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.issuerKey)
        }

        if ((obj.target != null && obj.target !== '')) {
          w.uint32(34)
          w.string(obj.target)
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(42)
          w.string(obj.reason)
        }

        if ((obj.issuedAtMs != null && obj.issuedAtMs !== 0n)) {
          w.uint32(48)
          w.uint64(obj.issuedAtMs)
        }

        if ((obj.coolOffMs != null && obj.coolOffMs !== 0n)) {
          w.uint32(56)
          w.uint64(obj.coolOffMs)
        }

        if ((obj.recordSeq != null && obj.recordSeq !== 0n)) {
          w.uint32(64)
          w.uint64(obj.recordSeq)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          kind: Kind.UNKNOWN,
          room: '',
          issuerKey: uint8ArrayAlloc(0),
          target: '',
          reason: '',
          issuedAtMs: 0n,
          coolOffMs: 0n,
          recordSeq: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.kind = RoomEventPayload.Kind.codec().decode(reader)
              break
            }
            case 2: {
              obj.room = reader.string()
              break
            }
            case 3: {
              obj.issuerKey = reader.bytes()
              break
            }
            case 4: {
              obj.target = reader.string()
              break
            }
            case 5: {
              obj.reason = reader.string()
              break
            }
            case 6: {
              obj.issuedAtMs = reader.uint64()
              break
            }
            case 7: {
              obj.coolOffMs = reader.uint64()
              break
            }
            case 8: {
              obj.recordSeq = reader.uint64()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.kind`,
                value: RoomEventPayload.Kind.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.room`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.issuerKey`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.target`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.reason`,
                value: reader.string()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.issuedAtMs`,
                value: reader.uint64()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.coolOffMs`,
                value: reader.uint64()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.recordSeq`,
                value: reader.uint64()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface RoomEventPayloadKindFieldEvent {
    field: '$.kind'
    value: RoomEventPayload.Kind
  }

  export interface RoomEventPayloadRoomFieldEvent {
    field: '$.room'
    value: string
  }

  export interface RoomEventPayloadIssuerKeyFieldEvent {
    field: '$.issuerKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RoomEventPayloadTargetFieldEvent {
    field: '$.target'
    value: string
  }

  export interface RoomEventPayloadReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export interface RoomEventPayloadIssuedAtMsFieldEvent {
    field: '$.issuedAtMs'
    value: bigint
  }

  export interface RoomEventPayloadCoolOffMsFieldEvent {
    field: '$.coolOffMs'
    value: bigint
  }

  export interface RoomEventPayloadRecordSeqFieldEvent {
    field: '$.recordSeq'
    value: bigint
  }

  export function encode (obj: Partial<RoomEventPayload>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RoomEventPayload.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RoomEventPayload>): RoomEventPayload {
    return decodeMessage(buf, RoomEventPayload.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RoomEventPayload>): Generator<RoomEventPayloadKindFieldEvent | RoomEventPayloadRoomFieldEvent | RoomEventPayloadIssuerKeyFieldEvent | RoomEventPayloadTargetFieldEvent | RoomEventPayloadReasonFieldEvent | RoomEventPayloadIssuedAtMsFieldEvent | RoomEventPayloadCoolOffMsFieldEvent | RoomEventPayloadRecordSeqFieldEvent> {
    return streamMessage(buf, RoomEventPayload.codec(), opts)
  }
}
