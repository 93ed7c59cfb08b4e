import { MAX_TEXT_BYTES } from '../protocol/constants.js'

/** Longest input line accepted, in UTF-8 bytes. */
export const MAX_LINE_BYTES = MAX_TEXT_BYTES

/** What one line of user input is. */
export type ParsedLine =
  | { kind: 'empty' }
  | { kind: 'command', name: string, args: string }
  | { kind: 'text', text: string }
  | { kind: 'too-long', bytes: number }

/**
 * Classify a line of input: a slash command (`/join #a`), text for the
 * current room, or nothing. `//text` sends `/text` literally, as in IRC
 * clients. Lines over {@link MAX_LINE_BYTES} are refused.
 */
export function parseLine (line: string): ParsedLine {
  const bytes = Buffer.byteLength(line, 'utf8')
  if (bytes > MAX_LINE_BYTES) {
    return { kind: 'too-long', bytes }
  }
  const trimmed = line.replace(/[\r\n]+$/, '')
  if (trimmed.trim().length === 0) {
    return { kind: 'empty' }
  }
  if (trimmed.startsWith('//')) {
    return { kind: 'text', text: trimmed.slice(1) }
  }
  if (trimmed.startsWith('/')) {
    const match = /^(\/\S*)\s*(.*)$/s.exec(trimmed.trimEnd())
    return { kind: 'command', name: (match?.[1] ?? trimmed).toLowerCase(), args: match?.[2] ?? '' }
  }
  return { kind: 'text', text: trimmed }
}
