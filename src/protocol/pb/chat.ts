import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface ChatMessage {
  kind: ChatMessage.Kind
  sentAtMs: bigint
  nick: string
  text: string
  session: bigint
  seq: bigint
  payload: Uint8Array<ArrayBuffer>
  recordLinks: number
  recordSeq: bigint
}

export namespace ChatMessage {
  export enum Kind {
    TEXT = 'TEXT',
    ACTION = 'ACTION',
    JOIN = 'JOIN',
    LEAVE = 'LEAVE',
    HEARTBEAT = 'HEARTBEAT',
    RECORD = 'RECORD',
    MODERATION = 'MODERATION'
  }

  enum __KindValues {
    TEXT = 0,
    ACTION = 1,
    JOIN = 2,
    LEAVE = 3,
    HEARTBEAT = 4,
    RECORD = 5,
    MODERATION = 6
  }

  export namespace Kind {
    export const codec = (): Codec<Kind> => {
      return enumeration<Kind>(__KindValues)
    }
  }

  let _codec: Codec<ChatMessage>

  export const codec = (): Codec<ChatMessage> => {
    if (_codec == null) {
      _codec = message<ChatMessage>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.kind != null && __KindValues[obj.kind] !== 0) {
          w.uint32(8)
          ChatMessage.Kind.codec().encode(obj.kind, w)
        }

        if ((obj.sentAtMs != null && obj.sentAtMs !== 0n)) {
          w.uint32(16)
          w.uint64(obj.sentAtMs)
        }

        if ((obj.nick != null && obj.nick !== '')) {
          w.uint32(26)
          w.string(obj.nick)
        }

        if ((obj.text != null && obj.text !== '')) {
          w.uint32(34)
          w.string(obj.text)
        }

        if ((obj.session != null && obj.session !== 0n)) {
          w.uint32(40)
          w.uint64(obj.session)
        }

        if ((obj.seq != null && obj.seq !== 0n)) {
          w.uint32(48)
          w.uint64(obj.seq)
        }

        if ((obj.payload != null && obj.payload.byteLength > 0)) {
          w.uint32(58)
          w.bytes(obj.payload)
        }

        if ((obj.recordLinks != null && obj.recordLinks !== 0)) {
          w.uint32(64)
          w.uint32(obj.recordLinks)
        }

        if ((obj.recordSeq != null && obj.recordSeq !== 0n)) {
          w.uint32(72)
          w.uint64(obj.recordSeq)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          kind: Kind.TEXT,
          sentAtMs: 0n,
          nick: '',
          text: '',
          session: 0n,
          seq: 0n,
          payload: uint8ArrayAlloc(0),
          recordLinks: 0,
          recordSeq: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.kind = ChatMessage.Kind.codec().decode(reader)
              break
            }
            case 2: {
              obj.sentAtMs = reader.uint64()
              break
            }
            case 3: {
              obj.nick = reader.string()
              break
            }
            case 4: {
              obj.text = reader.string()
              break
            }
            case 5: {
              obj.session = reader.uint64()
              break
            }
            case 6: {
              obj.seq = reader.uint64()
              break
            }
            case 7: {
              obj.payload = reader.bytes()
              break
            }
            case 8: {
              obj.recordLinks = reader.uint32()
              break
            }
            case 9: {
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
                value: ChatMessage.Kind.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.sentAtMs`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.nick`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.text`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.session`,
                value: reader.uint64()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.seq`,
                value: reader.uint64()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.payload`,
                value: reader.bytes()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.recordLinks`,
                value: reader.uint32()
              }
              break
            }
            case 9: {
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

  export interface ChatMessageKindFieldEvent {
    field: '$.kind'
    value: ChatMessage.Kind
  }

  export interface ChatMessageSentAtMsFieldEvent {
    field: '$.sentAtMs'
    value: bigint
  }

  export interface ChatMessageNickFieldEvent {
    field: '$.nick'
    value: string
  }

  export interface ChatMessageTextFieldEvent {
    field: '$.text'
    value: string
  }

  export interface ChatMessageSessionFieldEvent {
    field: '$.session'
    value: bigint
  }

  export interface ChatMessageSeqFieldEvent {
    field: '$.seq'
    value: bigint
  }

  export interface ChatMessagePayloadFieldEvent {
    field: '$.payload'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ChatMessageRecordLinksFieldEvent {
    field: '$.recordLinks'
    value: number
  }

  export interface ChatMessageRecordSeqFieldEvent {
    field: '$.recordSeq'
    value: bigint
  }

  export function encode (obj: Partial<ChatMessage>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ChatMessage.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ChatMessage>): ChatMessage {
    return decodeMessage(buf, ChatMessage.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ChatMessage>): Generator<ChatMessageKindFieldEvent | ChatMessageSentAtMsFieldEvent | ChatMessageNickFieldEvent | ChatMessageTextFieldEvent | ChatMessageSessionFieldEvent | ChatMessageSeqFieldEvent | ChatMessagePayloadFieldEvent | ChatMessageRecordLinksFieldEvent | ChatMessageRecordSeqFieldEvent> {
    return streamMessage(buf, ChatMessage.codec(), opts)
  }
}

export interface DirectoryAnnouncement {
  rooms: DirectoryRoom[]
}

export namespace DirectoryAnnouncement {
  let _codec: Codec<DirectoryAnnouncement>

  export const codec = (): Codec<DirectoryAnnouncement> => {
    if (_codec == null) {
      _codec = message<DirectoryAnnouncement>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.rooms != null && obj.rooms.length > 0) {
          for (const value of obj.rooms) {
            w.uint32(10)
            DirectoryRoom.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          rooms: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.rooms != null && obj.rooms.length === opts.limits.rooms) {
                throw new MaxLengthError('Decode error - repeated field "rooms" had too many elements')
              }

              obj.rooms.push(DirectoryRoom.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.rooms$
              }))
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
          rooms: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.rooms != null && obj.rooms === opts.limits.rooms) {
                throw new MaxLengthError('Streaming decode error - repeated field "rooms" had too many elements')
              }

              for (const evt of DirectoryRoom.codec().stream(reader, reader.uint32(), `${prefix}.rooms[]`, {
                limits: opts.limits?.rooms$
              })) {
                yield {
                  ...evt,
                  index: obj.rooms
                }
              }

              obj.rooms++

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

  export interface DirectoryAnnouncementRoomsRoomFieldEvent {
    field: '$.rooms[].room'
    value: string
    index: number
  }

  export interface DirectoryAnnouncementRoomsMembersPeerFieldEvent {
    field: '$.rooms[].members[].peer'
    value: string
    index: number
  }

  export interface DirectoryAnnouncementRoomsMembersNickFieldEvent {
    field: '$.rooms[].members[].nick'
    value: string
    index: number
  }

  export interface DirectoryAnnouncementRoomsMemberCountFieldEvent {
    field: '$.rooms[].memberCount'
    value: number
    index: number
  }

  export function encode (obj: Partial<DirectoryAnnouncement>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DirectoryAnnouncement.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DirectoryAnnouncement>): DirectoryAnnouncement {
    return decodeMessage(buf, DirectoryAnnouncement.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DirectoryAnnouncement>): Generator<DirectoryAnnouncementRoomsRoomFieldEvent | DirectoryAnnouncementRoomsMembersPeerFieldEvent | DirectoryAnnouncementRoomsMembersNickFieldEvent | DirectoryAnnouncementRoomsMemberCountFieldEvent> {
    return streamMessage(buf, DirectoryAnnouncement.codec(), opts)
  }
}

export interface DirectoryRoom {
  room: string
  members: DirectoryMember[]
  memberCount: number
}

export namespace DirectoryRoom {
  let _codec: Codec<DirectoryRoom>

  export const codec = (): Codec<DirectoryRoom> => {
    if (_codec == null) {
      _codec = message<DirectoryRoom>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.room != null && obj.room !== '')) {
          w.uint32(10)
          w.string(obj.room)
        }

        if (obj.members != null && obj.members.length > 0) {
          for (const value of obj.members) {
            w.uint32(18)
            DirectoryMember.codec().encode(value, w)
          }
        }

        if ((obj.memberCount != null && obj.memberCount !== 0)) {
          w.uint32(24)
          w.uint32(obj.memberCount)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          room: '',
          members: [],
          memberCount: 0
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
              if (opts.limits?.members != null && obj.members.length === opts.limits.members) {
                throw new MaxLengthError('Decode error - repeated field "members" had too many elements')
              }

              obj.members.push(DirectoryMember.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.members$
              }))
              break
            }
            case 3: {
              obj.memberCount = reader.uint32()
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
          members: 0
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
              if (opts.limits?.members != null && obj.members === opts.limits.members) {
                throw new MaxLengthError('Streaming decode error - repeated field "members" had too many elements')
              }

              for (const evt of DirectoryMember.codec().stream(reader, reader.uint32(), `${prefix}.members[]`, {
                limits: opts.limits?.members$
              })) {
                yield {
                  ...evt,
                  index: obj.members
                }
              }

              obj.members++

              break
            }
            case 3: {
              yield {
                field: `${prefix}.memberCount`,
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

  export interface DirectoryRoomRoomFieldEvent {
    field: '$.room'
    value: string
  }

  export interface DirectoryRoomMembersPeerFieldEvent {
    field: '$.members[].peer'
    value: string
    index: number
  }

  export interface DirectoryRoomMembersNickFieldEvent {
    field: '$.members[].nick'
    value: string
    index: number
  }

  export interface DirectoryRoomMemberCountFieldEvent {
    field: '$.memberCount'
    value: number
  }

  export function encode (obj: Partial<DirectoryRoom>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DirectoryRoom.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DirectoryRoom>): DirectoryRoom {
    return decodeMessage(buf, DirectoryRoom.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DirectoryRoom>): Generator<DirectoryRoomRoomFieldEvent | DirectoryRoomMembersPeerFieldEvent | DirectoryRoomMembersNickFieldEvent | DirectoryRoomMemberCountFieldEvent> {
    return streamMessage(buf, DirectoryRoom.codec(), opts)
  }
}

export interface DirectoryMember {
  peer: string
  nick: string
}

export namespace DirectoryMember {
  let _codec: Codec<DirectoryMember>

  export const codec = (): Codec<DirectoryMember> => {
    if (_codec == null) {
      _codec = message<DirectoryMember>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.peer != null && obj.peer !== '')) {
          w.uint32(10)
          w.string(obj.peer)
        }

        if ((obj.nick != null && obj.nick !== '')) {
          w.uint32(18)
          w.string(obj.nick)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          peer: '',
          nick: ''
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
                field: `${prefix}.peer`,
                value: reader.string()
              }
              break
            }
            case 2: {
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

  export interface DirectoryMemberPeerFieldEvent {
    field: '$.peer'
    value: string
  }

  export interface DirectoryMemberNickFieldEvent {
    field: '$.nick'
    value: string
  }

  export function encode (obj: Partial<DirectoryMember>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DirectoryMember.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DirectoryMember>): DirectoryMember {
    return decodeMessage(buf, DirectoryMember.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DirectoryMember>): Generator<DirectoryMemberPeerFieldEvent | DirectoryMemberNickFieldEvent> {
    return streamMessage(buf, DirectoryMember.codec(), opts)
  }
}
