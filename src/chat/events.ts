/**
 * Events the chat core emits. Every renderer (TTY, line, JSON) shows the same
 * events; none of them knows about libp2p.
 */

/** A line of chat (or a `/me` action) received in a room, or sent by us. */
export interface RoomMessageEvent {
  room: string
  nick: string
  peer: string
  text: string
  /** the author's send time, ms since the epoch */
  time: number
  action: boolean
  /** true when this peer wrote it */
  self: boolean
}

/** Someone joined, left or was seen in a room. */
export interface MemberEvent {
  room: string
  nick: string
  peer: string
  time: number
}

/** A known peer changed its nickname. */
export interface NickChangeEvent {
  peer: string
  oldNick: string
  newNick: string
  time: number
}

/** Something the user should know that is not chat. */
export interface NoticeEvent {
  message: string
  time: number
}

/** The events of {@link ChatClient}. */
export interface ChatEvents {
  'message': CustomEvent<RoomMessageEvent>
  'join': CustomEvent<MemberEvent>
  'leave': CustomEvent<MemberEvent>
  'member': CustomEvent<MemberEvent>
  'nick': CustomEvent<NickChangeEvent>
  'notice': CustomEvent<NoticeEvent>
  'warning': CustomEvent<NoticeEvent>
}
