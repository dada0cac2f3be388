// Engine prose marks header names and values with backticks ("Access-Control-Allow-Headers
// (`Content-Type`) does not list…"), and those values come from the server. Each renderer gets
// the prose as segments and escapes each one for its format, so a hostile value with its own
// backticks can at worst change where a code span ends, never escape the format's escaping.

export interface ProseSegment {
  code: boolean;
  text: string;
}

export function proseSegments(s: string): ProseSegment[] {
  const parts = s.split('`');
  // An odd number of backticks leaves the last one unpaired: that run is plain text, ` included.
  if (parts.length % 2 === 0) {
    const last = parts.pop() as string;
    parts[parts.length - 1] += '`' + last;
  }
  const out: ProseSegment[] = [];
  parts.forEach((text, i) => {
    if (text !== '' || i % 2 === 1) out.push({ code: i % 2 === 1, text });
  });
  return out;
}
