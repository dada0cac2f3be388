import type { EventKind, RequestEvent } from '../core/pairing';

// The only translation from the browser's webRequest detail objects to plain
// data. Everything after this point sees RecordedEvent, never browser objects.

interface HttpHeader {
  name: string;
  value?: string;
  binaryValue?: ArrayLike<number>;
}

/** The subset of webRequest details we read; every field may be missing. */
export interface WebRequestDetails {
  requestId?: string | number;
  tabId?: number;
  frameId?: number;
  documentId?: string;
  url?: string;
  method?: string;
  type?: string;
  initiator?: string;
  originUrl?: string;
  timeStamp?: number;
  statusCode?: number;
  statusLine?: string;
  error?: string;
  redirectUrl?: string;
  requestHeaders?: HttpHeader[];
  responseHeaders?: HttpHeader[];
}

function headerValue(h: HttpHeader): string {
  if (typeof h.value === 'string') return h.value;
  if (h.binaryValue) return Array.from(h.binaryValue, (b) => String.fromCharCode(b & 0xff)).join('');
  return '';
}

function toHeaderList(headers: HttpHeader[] | undefined): Array<[string, string]> | undefined {
  if (!Array.isArray(headers)) return undefined;
  const out: Array<[string, string]> = [];
  for (const h of headers) {
    if (h && typeof h.name === 'string') out.push([h.name, headerValue(h)]);
  }
  return out;
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

export function toRequestEvent(event: EventKind, d: WebRequestDetails): RequestEvent | null {
  if (!d || typeof d.url !== 'string' || d.requestId === undefined || typeof d.tabId !== 'number') return null;
  const rec: RequestEvent = {
    event,
    requestId: String(d.requestId),
    tabId: d.tabId,
    frameId: typeof d.frameId === 'number' ? d.frameId : 0,
    url: d.url,
    method: typeof d.method === 'string' ? d.method : 'GET',
    type: typeof d.type === 'string' ? d.type : 'other',
    timeStamp: typeof d.timeStamp === 'number' ? d.timeStamp : 0,
  };
  if (typeof d.documentId === 'string') rec.documentId = d.documentId;
  // Chromium names the page origin `initiator`; Firefox gives `originUrl`.
  const initiator = typeof d.initiator === 'string' ? d.initiator : originOf(d.originUrl);
  if (initiator) rec.initiator = initiator;
  if (typeof d.statusCode === 'number') rec.statusCode = d.statusCode;
  if (typeof d.error === 'string') rec.error = d.error;
  if (typeof d.redirectUrl === 'string') rec.redirectUrl = d.redirectUrl;
  const req = toHeaderList(d.requestHeaders);
  if (req) rec.requestHeaders = req;
  const res = toHeaderList(d.responseHeaders);
  if (res) rec.responseHeaders = res;
  return rec;
}
