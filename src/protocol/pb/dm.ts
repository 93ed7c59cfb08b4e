import { decodeMessage, encodeMessage, message, streamMessage } from 'protons-runtime'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface DirectMessage {
  id: string
  text: string
  sentAtMs: bigint
  nick: string
}

export namespace DirectMessage {
  let _codec: Codec<DirectMessage>

  export const codec = (): Codec<DirectMessage> => {
    if (_codec == null) {
      _codec = message<DirectMessage>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.id != null && obj.id !== '')) {
          w.uint32(10)
          w.string(obj.id)
        }

        if ((obj.text != null && obj.text !== '')) {
          w.uint32(18)
          w.string(obj.text)
        }

        if ((obj.sentAtMs != null && obj.sentAtMs !== 0n)) {
          w.uint32(24)
          w.uint64(obj.sentAtMs)
        }

        if ((obj.nick != null && obj.nick !== '')) {
          w.uint32(34)
          w.string(obj.nick)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: '',
          text: '',
          sentAtMs: 0n,
          nick: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.string()
              break
            }
            case 2: {
              obj.text = reader.string()
              break
            }
            case 3: {
              obj.sentAtMs = reader.uint64()
              break
            }
            case 4: {
              obj.nick = reader.string()
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
                field: `${prefix}.id`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.text`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.sentAtMs`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.nick`,
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

  export interface DirectMessageIdFieldEvent {
    field: '$.id'
    value: string
  }

  export interface DirectMessageTextFieldEvent {
    field: '$.text'
    value: string
  }

  export interface DirectMessageSentAtMsFieldEvent {
    field: '$.sentAtMs'
    value: bigint
  }

  export interface DirectMessageNickFieldEvent {
    field: '$.nick'
    value: string
  }

  export function encode (obj: Partial<DirectMessage>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DirectMessage.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DirectMessage>): DirectMessage {
    return decodeMessage(buf, DirectMessage.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DirectMessage>): Generator<DirectMessageIdFieldEvent | DirectMessageTextFieldEvent | DirectMessageSentAtMsFieldEvent | DirectMessageNickFieldEvent> {
    return streamMessage(buf, DirectMessage.codec(), opts)
  }
}

export interface DirectMessageAck {
  id: string
  ok: boolean
  error?: string
  retryInMs?: number
}

export namespace DirectMessageAck {
  let _codec: Codec<DirectMessageAck>

  export const codec = (): Codec<DirectMessageAck> => {
    if (_codec == null) {
      _codec = message<DirectMessageAck>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.id != null && obj.id !== '')) {
          w.uint32(10)
          w.string(obj.id)
        }

        if ((obj.ok != null && obj.ok !== false)) {
          w.uint32(16)
          w.bool(obj.ok)
        }

        if (obj.error != null) {
          w.uint32(26)
          w.string(obj.error)
        }

        if (obj.retryInMs != null) {
          w.uint32(32)
          w.uint32(obj.retryInMs)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: '',
          ok: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.string()
              break
            }
            case 2: {
              obj.ok = reader.bool()
              break
            }
            case 3: {
              obj.error = reader.string()
              break
            }
            case 4: {
              obj.retryInMs = reader.uint32()
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
                field: `${prefix}.id`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.ok`,
                value: reader.bool()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.error`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.retryInMs`,
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

  export interface DirectMessageAckIdFieldEvent {
    field: '$.id'
    value: string
  }

  export interface DirectMessageAckOkFieldEvent {
    field: '$.ok'
    value: boolean
  }

  export interface DirectMessageAckErrorFieldEvent {
    field: '$.error'
    value: string
  }

  export interface DirectMessageAckRetryInMsFieldEvent {
    field: '$.retryInMs'
    value: number
  }

  export function encode (obj: Partial<DirectMessageAck>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DirectMessageAck.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DirectMessageAck>): DirectMessageAck {
    return decodeMessage(buf, DirectMessageAck.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DirectMessageAck>): Generator<DirectMessageAckIdFieldEvent | DirectMessageAckOkFieldEvent | DirectMessageAckErrorFieldEvent | DirectMessageAckRetryInMsFieldEvent> {
    return streamMessage(buf, DirectMessageAck.codec(), opts)
  }
}
