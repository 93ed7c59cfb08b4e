import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface OperatorMessage {
  kind: OperatorMessage.Kind
  payload: Uint8Array<ArrayBuffer>
}

export namespace OperatorMessage {
  export enum Kind {
    UNKNOWN = 'UNKNOWN',
    ANNOUNCE = 'ANNOUNCE',
    BANS = 'BANS',
    KICK = 'KICK'
  }

  enum __KindValues {
    UNKNOWN = 0,
    ANNOUNCE = 1,
    BANS = 2,
    KICK = 3
  }

  export namespace Kind {
    export const codec = (): Codec<Kind> => {
      return enumeration<Kind>(__KindValues)
    }
  }

  let _codec: Codec<OperatorMessage>

  export const codec = (): Codec<OperatorMessage> => {
    if (_codec == null) {
      _codec = message<OperatorMessage>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.kind != null && __KindValues[obj.kind] !== 0) {
          w.uint32(8)
          OperatorMessage.Kind.codec().encode(obj.kind, w)
        }

        if ((obj.payload != null && obj.payload.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.payload)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          kind: Kind.UNKNOWN,
          payload: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.kind = OperatorMessage.Kind.codec().decode(reader)
              break
            }
            case 2: {
              obj.payload = reader.bytes()
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
                value: OperatorMessage.Kind.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.payload`,
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

  export interface OperatorMessageKindFieldEvent {
    field: '$.kind'
    value: OperatorMessage.Kind
  }

  export interface OperatorMessagePayloadFieldEvent {
    field: '$.payload'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<OperatorMessage>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, OperatorMessage.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<OperatorMessage>): OperatorMessage {
    return decodeMessage(buf, OperatorMessage.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<OperatorMessage>): Generator<OperatorMessageKindFieldEvent | OperatorMessagePayloadFieldEvent> {
    return streamMessage(buf, OperatorMessage.codec(), opts)
  }
}

export interface OperatorSigned {
  payload: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export namespace OperatorSigned {
  let _codec: Codec<OperatorSigned>

  export const codec = (): Codec<OperatorSigned> => {
    if (_codec == null) {
      _codec = message<OperatorSigned>((obj, w, opts = {}) => {
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

  export interface OperatorSignedPayloadFieldEvent {
    field: '$.payload'
    value: Uint8Array<ArrayBuffer>
  }

  export interface OperatorSignedSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<OperatorSigned>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, OperatorSigned.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<OperatorSigned>): OperatorSigned {
    return decodeMessage(buf, OperatorSigned.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<OperatorSigned>): Generator<OperatorSignedPayloadFieldEvent | OperatorSignedSignatureFieldEvent> {
    return streamMessage(buf, OperatorSigned.codec(), opts)
  }
}

export interface Announcement {
  text: string
  issuedAtMs: bigint
  operatorKey: Uint8Array<ArrayBuffer>
}

export namespace Announcement {
  let _codec: Codec<Announcement>

  export const codec = (): Codec<Announcement> => {
    if (_codec == null) {
      _codec = message<Announcement>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.text != null && obj.text !== '')) {
          w.uint32(10)
          w.string(obj.text)
        }

        if ((obj.issuedAtMs != null && obj.issuedAtMs !== 0n)) {
          w.uint32(16)
          w.uint64(obj.issuedAtMs)
        }

        if ((obj.operatorKey != null && obj.operatorKey.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.operatorKey)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          text: '',
          issuedAtMs: 0n,
          operatorKey: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.text = reader.string()
              break
            }
            case 2: {
              obj.issuedAtMs = reader.uint64()
              break
            }
            case 3: {
              obj.operatorKey = reader.bytes()
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
                field: `${prefix}.text`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.issuedAtMs`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.operatorKey`,
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

  export interface AnnouncementTextFieldEvent {
    field: '$.text'
    value: string
  }

  export interface AnnouncementIssuedAtMsFieldEvent {
    field: '$.issuedAtMs'
    value: bigint
  }

  export interface AnnouncementOperatorKeyFieldEvent {
    field: '$.operatorKey'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Announcement>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Announcement.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Announcement>): Announcement {
    return decodeMessage(buf, Announcement.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Announcement>): Generator<AnnouncementTextFieldEvent | AnnouncementIssuedAtMsFieldEvent | AnnouncementOperatorKeyFieldEvent> {
    return streamMessage(buf, Announcement.codec(), opts)
  }
}

export interface BanList {
  seq: bigint
  bans: OperatorBan[]
  issuedAtMs: bigint
  operatorKey: Uint8Array<ArrayBuffer>
}

export namespace BanList {
  let _codec: Codec<BanList>

  export const codec = (): Codec<BanList> => {
    if (_codec == null) {
      _codec = message<BanList>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.seq != null && obj.seq !== 0n)) {
          w.uint32(8)
          w.uint64(obj.seq)
        }

        if (obj.bans != null && obj.bans.length > 0) {
          for (const value of obj.bans) {
            w.uint32(18)
            OperatorBan.codec().encode(value, w)
          }
        }

        if ((obj.issuedAtMs != null && obj.issuedAtMs !== 0n)) {
          w.uint32(24)
          w.uint64(obj.issuedAtMs)
        }

        if ((obj.operatorKey != null && obj.operatorKey.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.operatorKey)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          seq: 0n,
          bans: [],
          issuedAtMs: 0n,
          operatorKey: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.seq = reader.uint64()
              break
            }
            case 2: {
              if (opts.limits?.bans != null && obj.bans.length === opts.limits.bans) {
                throw new MaxLengthError('Decode error - repeated field "bans" had too many elements')
              }

              obj.bans.push(OperatorBan.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.bans$
              }))
              break
            }
            case 3: {
              obj.issuedAtMs = reader.uint64()
              break
            }
            case 4: {
              obj.operatorKey = reader.bytes()
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
          bans: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.seq`,
                value: reader.uint64()
              }
              break
            }
            case 2: {
              if (opts.limits?.bans != null && obj.bans === opts.limits.bans) {
                throw new MaxLengthError('Streaming decode error - repeated field "bans" had too many elements')
              }

              for (const evt of OperatorBan.codec().stream(reader, reader.uint32(), `${prefix}.bans[]`, {
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
            case 3: {
              yield {
                field: `${prefix}.issuedAtMs`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.operatorKey`,
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

  export interface BanListSeqFieldEvent {
    field: '$.seq'
    value: bigint
  }

  export interface BanListBansPeerFieldEvent {
    field: '$.bans[].peer'
    value: string
    index: number
  }

  export interface BanListBansReasonFieldEvent {
    field: '$.bans[].reason'
    value: string
    index: number
  }

  export interface BanListBansAtMsFieldEvent {
    field: '$.bans[].atMs'
    value: bigint
    index: number
  }

  export interface BanListIssuedAtMsFieldEvent {
    field: '$.issuedAtMs'
    value: bigint
  }

  export interface BanListOperatorKeyFieldEvent {
    field: '$.operatorKey'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<BanList>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BanList.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BanList>): BanList {
    return decodeMessage(buf, BanList.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BanList>): Generator<BanListSeqFieldEvent | BanListBansPeerFieldEvent | BanListBansReasonFieldEvent | BanListBansAtMsFieldEvent | BanListIssuedAtMsFieldEvent | BanListOperatorKeyFieldEvent> {
    return streamMessage(buf, BanList.codec(), opts)
  }
}

export interface OperatorBan {
  peer: string
  reason: string
  atMs: bigint
}

export namespace OperatorBan {
  let _codec: Codec<OperatorBan>

  export const codec = (): Codec<OperatorBan> => {
    if (_codec == null) {
      _codec = message<OperatorBan>((obj, w, opts = {}) => {
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

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          peer: '',
          reason: '',
          atMs: 0n
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

  export interface OperatorBanPeerFieldEvent {
    field: '$.peer'
    value: string
  }

  export interface OperatorBanReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export interface OperatorBanAtMsFieldEvent {
    field: '$.atMs'
    value: bigint
  }

  export function encode (obj: Partial<OperatorBan>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, OperatorBan.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<OperatorBan>): OperatorBan {
    return decodeMessage(buf, OperatorBan.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<OperatorBan>): Generator<OperatorBanPeerFieldEvent | OperatorBanReasonFieldEvent | OperatorBanAtMsFieldEvent> {
    return streamMessage(buf, OperatorBan.codec(), opts)
  }
}

export interface Kick {
  target: string
  reason: string
  issuedAtMs: bigint
  coolOffMs: bigint
  operatorKey: Uint8Array<ArrayBuffer>
}

export namespace Kick {
  let _codec: Codec<Kick>

  export const codec = (): Codec<Kick> => {
    if (_codec == null) {
      _codec = message<Kick>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.target != null && obj.target !== '')) {
          w.uint32(10)
          w.string(obj.target)
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(18)
          w.string(obj.reason)
        }

        if ((obj.issuedAtMs != null && obj.issuedAtMs !== 0n)) {
          w.uint32(24)
          w.uint64(obj.issuedAtMs)
        }

        if ((obj.coolOffMs != null && obj.coolOffMs !== 0n)) {
          w.uint32(32)
          w.uint64(obj.coolOffMs)
        }

        if ((obj.operatorKey != null && obj.operatorKey.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.operatorKey)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          target: '',
          reason: '',
          issuedAtMs: 0n,
          coolOffMs: 0n,
          operatorKey: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.target = reader.string()
              break
            }
            case 2: {
              obj.reason = reader.string()
              break
            }
            case 3: {
              obj.issuedAtMs = reader.uint64()
              break
            }
            case 4: {
              obj.coolOffMs = reader.uint64()
              break
            }
            case 5: {
              obj.operatorKey = reader.bytes()
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
                field: `${prefix}.target`,
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
                field: `${prefix}.issuedAtMs`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.coolOffMs`,
                value: reader.uint64()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.operatorKey`,
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

  export interface KickTargetFieldEvent {
    field: '$.target'
    value: string
  }

  export interface KickReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export interface KickIssuedAtMsFieldEvent {
    field: '$.issuedAtMs'
    value: bigint
  }

  export interface KickCoolOffMsFieldEvent {
    field: '$.coolOffMs'
    value: bigint
  }

  export interface KickOperatorKeyFieldEvent {
    field: '$.operatorKey'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Kick>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Kick.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Kick>): Kick {
    return decodeMessage(buf, Kick.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Kick>): Generator<KickTargetFieldEvent | KickReasonFieldEvent | KickIssuedAtMsFieldEvent | KickCoolOffMsFieldEvent | KickOperatorKeyFieldEvent> {
    return streamMessage(buf, Kick.codec(), opts)
  }
}
