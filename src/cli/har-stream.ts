// A HAR file read as a stream: the JSON is scanned chunk by chunk, and each element of
// log.entries is parsed on its own (JSON.parse of that element's bytes), handed to the
// HarCollector and dropped. Memory holds one chunk, one entry and the small Entry records the
// pairing needs, never the file's text and its parsed tree together (a 100 MB HAR took 2.24 GB
// that way: issue 14, item 4). The levels above the entries (the root object, `log`,
// `log.entries`) are checked token by token here; every other value is parsed by JSON.parse, so
// a file is accepted or refused exactly as JSON.parse would (RFC 8259), and the last of two
// members with one name wins as it does there.
import { HarCollector, HarError, type HarLogMeta, type HarReading } from './har';

// The bytes that matter between tokens (RFC 8259 §2): UTF-8 continuation bytes are >= 0x80,
// so a multi-byte character never looks like one of these.
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

type Role = 'root' | 'log' | 'entries';
/** Object: `{` seen, key or `}` next (first), key next (key), `:` next (colon), value next (value), `,` or `}` next (after). */
type ObjectState = 'first' | 'key' | 'colon' | 'value' | 'after';
/** Array: value or `]` next (first), value next (value), `,` or `]` next (after). */
type ArrayState = 'first' | 'value' | 'after';
interface Frame {
  kind: 'object' | 'array';
  role: Role;
  state: ObjectState | ArrayState;
  key?: string;
}

/** What a captured span is: a member name, a value to keep or check, or an entry. */
type Purpose = { what: 'key' } | { what: 'value'; role: Role | 'top'; key?: string } | { what: 'entry' };

function isSpace(b: number): boolean {
  return b === SPACE || b === LF || b === CR || b === TAB;
}

function describeByte(b: number): string {
  return b >= 0x20 && b < 0x7f ? `'${String.fromCharCode(b)}'` : `byte 0x${b.toString(16).padStart(2, '0')}`;
}

export class HarStreamReader {
  private readonly collector = new HarCollector();
  private meta: HarLogMeta = {};
  /** Whether the last `log` member seen is an object, and the last `entries` in it an array. */
  private logSeen = false;
  private entriesSeen = false;
  private readonly frames: Frame[] = [];
  private done = false;
  /** Bytes before the current chunk. */
  private base = 0;
  /** The first bytes, held until there are three to compare with a byte order mark. */
  private bomChecked = false;
  private head: Buffer = Buffer.alloc(0);

  // The span being captured: its bytes so far (copied out of earlier chunks), where it began, and
  // how to find its end: bracket depth and string state, or (for a number or literal) the next delimiter.
  private capturing: Purpose | undefined;
  private pieces: Buffer[] = [];
  private spanStart = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private primitive = false;

  /** Scans one chunk; parses and collects every entry that ends in it. */
  push(chunk: Buffer): void {
    if (!this.bomChecked) {
      // A UTF-8 byte order mark may precede the JSON (the whole-file reader stripped U+FEFF too).
      this.head = Buffer.concat([this.head, chunk]);
      if (this.head.length < 3) return;
      this.bomChecked = true;
      chunk = this.head;
      this.head = Buffer.alloc(0);
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        chunk = chunk.subarray(3);
        this.base = 3;
      }
    }
    let i = 0;
    while (i < chunk.length) {
      if (this.capturing) {
        i = this.scanCapture(chunk, i);
        continue;
      }
      const b = chunk[i] as number;
      if (!isSpace(b)) this.token(chunk, i, b);
      i++;
    }
    if (this.capturing) {
      const piece = Buffer.from(chunk.subarray(this.pieceStart(chunk)));
      this.pieces.push(piece);
      this.held += piece.length;
      if (this.held > this.peakHeld) this.peakHeld = this.held;
    }
    this.base += chunk.length;
  }

  /** The end of input: throws if the JSON is incomplete or the file is no HAR, else pairs the entries. */
  end(): HarReading {
    if (!this.bomChecked) {
      this.bomChecked = true;
      const rest = this.head;
      this.head = Buffer.alloc(0);
      if (rest.length > 0) this.push(rest);
    }
    if (this.capturing?.what === 'value' && this.primitive && this.depth === 0) this.finishCapture(Buffer.alloc(0), 0, 0);
    if (!this.done) this.fail(this.base, 'Unexpected end of JSON input');
    if (!this.logSeen) throw new HarError('not a HAR file: no top-level "log" object');
    if (!this.entriesSeen) throw new HarError('not a HAR file: "log.entries" is not an array');
    return this.collector.finish(this.meta);
  }

  /** Bytes of unfinished values kept between chunks, and the most ever kept: one entry's worth, never the file. */
  private held = 0;
  private peakHeld = 0;
  get peakHeldBytes(): number {
    return this.peakHeld;
  }

  /** Elements of log.entries read so far. */
  get entries(): number {
    return this.collector.added;
  }

  private fail(at: number, message: string): never {
    throw new HarError(`not valid JSON (at byte ${at}): ${message}`);
  }

  /** One structural byte (not whitespace) outside any captured span. */
  private token(chunk: Buffer, i: number, b: number): void {
    const at = this.base + i;
    if (this.done) this.fail(at, `Unexpected non-whitespace character ${describeByte(b)} after JSON`);
    const top = this.frames[this.frames.length - 1];
    if (!top) {
      // The root: an object is walked; anything else is parsed whole, and is no HAR.
      if (b === OPEN_OBJECT) this.frames.push({ kind: 'object', role: 'root', state: 'first' });
      else this.beginCapture(chunk, i, b, { what: 'value', role: 'top' });
      return;
    }
    if (top.kind === 'object') {
      switch (top.state) {
        case 'first':
        case 'key':
          if (b === QUOTE) return this.beginCapture(chunk, i, b, { what: 'key' });
          if (b === CLOSE_OBJECT && top.state === 'first') return this.close();
          return this.fail(at, `Unexpected token ${describeByte(b)}, expected a member name`);
        case 'colon':
          if (b !== COLON) this.fail(at, `Unexpected token ${describeByte(b)}, expected ':'`);
          top.state = 'value';
          return;
        case 'value':
          return this.memberValue(top, chunk, i, b);
        case 'after':
          if (b === COMMA) top.state = 'key';
          else if (b === CLOSE_OBJECT) this.close();
          else this.fail(at, `Unexpected token ${describeByte(b)}, expected ',' or '}'`);
          return;
      }
    }
    switch (top.state) {
      case 'first':
      case 'value':
        if (b === CLOSE_ARRAY && top.state === 'first') return this.close();
        if (b === CLOSE_ARRAY || b === CLOSE_OBJECT || b === COMMA || b === COLON) return this.fail(at, `Unexpected token ${describeByte(b)}`);
        top.state = 'after';
        return this.beginCapture(chunk, i, b, { what: 'entry' });
      case 'after':
        if (b === COMMA) top.state = 'value';
        else if (b === CLOSE_ARRAY) this.close();
        else this.fail(at, `Unexpected token ${describeByte(b)}, expected ',' or ']'`);
        return;
    }
  }

  private memberValue(top: Frame, chunk: Buffer, i: number, b: number): void {
    top.state = 'after';
    if (b === CLOSE_ARRAY || b === CLOSE_OBJECT || b === COMMA || b === COLON) this.fail(this.base + i, `Unexpected token ${describeByte(b)}`);
    if (top.role === 'root' && top.key === 'log') {
      // A later `log` replaces an earlier one, as in JSON.parse.
      this.collector.reset();
      this.meta = {};
      this.logSeen = b === OPEN_OBJECT;
      this.entriesSeen = false;
      if (b === OPEN_OBJECT) return void this.frames.push({ kind: 'object', role: 'log', state: 'first' });
    } else if (top.role === 'log' && top.key === 'entries') {
      this.collector.reset();
      this.entriesSeen = b === OPEN_ARRAY;
      if (b === OPEN_ARRAY) return void this.frames.push({ kind: 'array', role: 'entries', state: 'first' });
    }
    this.beginCapture(chunk, i, b, { what: 'value', role: top.role, ...(top.key !== undefined ? { key: top.key } : {}) });
  }

  private close(): void {
    this.frames.pop();
    if (this.frames.length === 0) this.done = true;
  }

  private beginCapture(chunk: Buffer, i: number, b: number, purpose: Purpose): void {
    this.capturing = purpose;
    this.pieces = [];
    this.spanStart = this.base + i;
    this.inString = b === QUOTE;
    this.escaped = false;
    this.primitive = b !== QUOTE && b !== OPEN_OBJECT && b !== OPEN_ARRAY;
    // The opening byte is consumed by the caller; scanning resumes after it.
    this.depth = b === OPEN_OBJECT || b === OPEN_ARRAY ? 1 : 0;
  }

  private pieceStart(chunk: Buffer): number {
    // Where the span's bytes begin in this chunk: its first byte if it began here, else 0.
    return this.spanStart >= this.base && this.spanStart < this.base + chunk.length ? this.spanStart - this.base : 0;
  }

  /** Scans a captured span from `i`; returns where structural scanning resumes. */
  private scanCapture(chunk: Buffer, i: number): number {
    const n = chunk.length;
    if (this.primitive) {
      while (i < n) {
        const b = chunk[i] as number;
        if (isSpace(b) || b === COMMA || b === CLOSE_OBJECT || b === CLOSE_ARRAY || b === COLON || b === QUOTE || b === OPEN_OBJECT || b === OPEN_ARRAY) {
          this.finishCapture(chunk, this.pieceStart(chunk), i);
          return i; // the delimiter is structural
        }
        i++;
      }
      return n;
    }
    while (i < n) {
      const b = chunk[i] as number;
      i++;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (b === BACKSLASH) this.escaped = true;
        else if (b === QUOTE) {
          this.inString = false;
          if (this.depth === 0) {
            this.finishCapture(chunk, this.pieceStart(chunk), i);
            return i;
          }
        }
        continue;
      }
      if (b === QUOTE) this.inString = true;
      else if (b === OPEN_OBJECT || b === OPEN_ARRAY) this.depth++;
      else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
        if (--this.depth === 0) {
          this.finishCapture(chunk, this.pieceStart(chunk), i);
          return i;
        }
      }
    }
    return n;
  }

  /** The span ends at `end` in `chunk`: parse it and put the value where it belongs. */
  private finishCapture(chunk: Buffer, from: number, end: number): void {
    const purpose = this.capturing as Purpose;
    this.capturing = undefined;
    const last = chunk.subarray(from, end);
    const bytes = this.pieces.length === 0 ? last : Buffer.concat([...this.pieces, last]);
    this.pieces = [];
    this.held = 0;
    const text = bytes.toString('utf8');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      if (err instanceof RangeError) throw new HarError('the HAR nests too deeply to be a HAR file');
      const message = (err as Error).message.split('\n')[0] as string;
      const m = /position (\d+)/.exec(message);
      const at = this.spanStart + (m ? Buffer.byteLength(text.slice(0, Number(m[1]))) : 0);
      this.fail(at, message.replace(/, "[\s\S]*" is not valid JSON$/, ''));
    }
    const top = this.frames[this.frames.length - 1];
    switch (purpose.what) {
      case 'key':
        (top as Frame).key = value as string;
        (top as Frame).state = 'colon';
        return;
      case 'entry':
        this.collector.add(value);
        return;
      case 'value':
        if (purpose.role === 'top') this.done = true;
        else if (purpose.role === 'log' && (purpose.key === 'creator' || purpose.key === 'browser' || purpose.key === 'pages')) this.meta[purpose.key] = value;
        return;
    }
  }
}

/** Reads a HAR from its chunks, with `between` awaited after each one (to yield, or to stop). */
export async function readHarChunks(chunks: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, between?: () => void | Promise<void>): Promise<HarReading> {
  const reader = new HarStreamReader();
  for await (const chunk of chunks) {
    reader.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    if (between) await between();
  }
  return reader.end();
}
