// Engine difference detected once, at the edge (uBlock): Chromium hides CORS
// preflights from webRequest unless a listener passes 'extraHeaders'; Firefox
// shows them anyway and rejects the option (and any extra-info argument to
// onErrorOccurred).

type Event = 'onSendHeaders' | 'onHeadersReceived' | 'onBeforeRedirect' | 'onCompleted' | 'onErrorOccurred';

function enumHas(enumName: string, value: string): boolean {
  // The native namespace: Chromium's enums live on chrome.webRequest; Firefox has no 'extraHeaders'.
  const wr = (globalThis as { chrome?: { webRequest?: Record<string, unknown> } }).chrome?.webRequest;
  const e = wr?.[enumName] as Record<string, string> | undefined;
  return !!e && Object.values(e).includes(value);
}

export function extraInfoSpec(base: string[], event: Event): string[] | undefined {
  const enumName = {
    onSendHeaders: 'OnSendHeadersOptions',
    onHeadersReceived: 'OnHeadersReceivedOptions',
    onBeforeRedirect: 'OnBeforeRedirectOptions',
    onCompleted: 'OnCompletedOptions',
    onErrorOccurred: 'OnErrorOccurredOptions',
  }[event];
  const spec = [...base];
  if (enumHas(enumName, 'extraHeaders')) spec.push('extraHeaders');
  if (spec.length === 0) return undefined;
  return spec;
}
