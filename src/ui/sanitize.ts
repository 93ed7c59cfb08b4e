/**
 * Make text from the network safe to print on a terminal: C0 and C1 control
 * characters (ESC, BEL, backspace, carriage return, ...) and Unicode bidi
 * overrides become U+FFFD, so no peer can move the cursor, recolour the
 * screen, rewrite an earlier line or reverse text. Newlines become spaces.
 */
export function sanitizeForTerminal (text: string): string {
  return text
    .replace(/[\n\t]/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '\ufffd')
}
