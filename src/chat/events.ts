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
  'token': CustomEvent<TokenEvent>
  'moderation': CustomEvent<ModerationEvent>
  'record': CustomEvent<RecordEvent>
  'announcement': CustomEvent<AnnouncementEvent>
  /** we left a room: by /leave, or made to by a kick or ban */
  'left': CustomEvent<{ room: string, time: number }>
}

/** An announcement of the network's operator, verified by its signature. */
export interface AnnouncementEvent {
  text: string
  operator: string
  time: number
}

/** A room we created or reclaimed: its reclaim token, shown once. */
export interface TokenEvent {
  room: string
  token: string
  reclaimed: boolean
  time: number
}

/** A verified moderation action (kick, ban, unban) in a room we are in. */
export interface ModerationEvent {
  room: string
  kind: 'kick' | 'ban' | 'unban'
  target: string
  targetNick: string | null
  by: string
  byNick: string | null
  reason: string
  /** kick: end of the cool-off, ms since the epoch */
  untilMs: number | null
  /** true when we are the target */
  self: boolean
  time: number
}

/** The room's record changed: a new owner, admins or bans. */
export interface RecordEvent {
  room: string
  owner: string
  ownerNick: string | null
  ownerChanged: boolean
  admins: string[]
  time: number
}
