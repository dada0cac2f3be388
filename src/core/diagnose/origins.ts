// Which origin the page has, which one the request carried (`null` after a tainting cross-origin
// redirect, Fetch "HTTP-redirect fetch"), and whether the request is cross-origin at all.
import { combinedHeader } from '../headers';
import { isValidUrlLike, originOfUrl } from '../origin';
import { preflightRequestHeaders, type Norm } from './normalize';

export interface Origins {
  /** The page's origin; null when neither given nor seen on the wire. */
  page: string | null;
  /** The Origin the request carried, which the server's headers are checked against. */
  sent: string;
  tainted: boolean;
  /** False for same-origin requests (CORS does not apply); null when unknown. */
  crossOrigin: boolean | null;
  /** Conclusions reached by elimination, in the diagnosis's words. */
  notes: string[];
}

export function decideOrigins(n: Norm): Origins {
  const notes: string[] = [];
  const pfRequestHeaders = preflightRequestHeaders(n);
  const originHeaderSeen = (pfRequestHeaders && combinedHeader(pfRequestHeaders, 'origin')) ?? (n.headers && combinedHeader(n.headers, 'origin'));
  let page: string | null = n.origin ?? null;
  let tainted = n.taintedOrigin ?? false;
  if (n.taintedOrigin === undefined && n.initialUrl !== undefined && page !== null) {
    const o1 = originOfUrl(n.initialUrl);
    const o2 = originOfUrl(n.url);
    tainted = o1 !== undefined && o2 !== undefined && o1 !== o2 && o1 !== page;
  }
  if (n.taintedOrigin === undefined && !tainted && page !== null && page !== 'null' && originHeaderSeen === 'null') {
    tainted = true;
    notes.push('The request carried `Origin: null` although the page origin is not null, so an earlier cross-origin redirect tainted it.');
  }
  if (page === null && originHeaderSeen !== undefined) {
    page = originHeaderSeen;
    notes.push(`The page origin was not given; taken from the request's Origin header (${originHeaderSeen}).`);
  }
  let sent: string;
  if (tainted) sent = 'null';
  else if (page !== null) sent = page;
  else {
    sent = originAssumedFromAllowOrigin(n);
    notes.push('The page origin is unknown; origin checks assume the allowed origin is the page\'s own.');
  }
  const targetOrigin = originOfUrl(n.url);
  const crossOrigin = page === null || targetOrigin === undefined ? null : tainted || targetOrigin !== page;
  return { page, sent, tainted, crossOrigin, notes };
}

/** Unknown origin: assume the server's single valid ACAO names it, so only other checks decide. */
function originAssumedFromAllowOrigin(n: Norm): string {
  const acao =
    (n.preflight.kind === 'observed' ? combinedHeader(n.preflight.headers, 'access-control-allow-origin') : undefined) ??
    (n.response ? combinedHeader(n.response.headers, 'access-control-allow-origin') : undefined);
  return acao !== undefined && acao !== '*' && !/[ ,]/.test(acao) && (acao === 'null' || isValidUrlLike(acao)) ? acao : 'null';
}
