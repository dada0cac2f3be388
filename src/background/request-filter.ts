// Only the resource types that can fail CORS (plus main_frame, to reset a tab on
// navigation): every event the browser does not send is work the page does not wait
// for. Feature-detected against the engine's own ResourceType enum (Firefox has
// 'beacon', Chromium 'ping'; an unknown type makes addListener throw).
const WANTED = ['main_frame', 'xmlhttprequest', 'font', 'script', 'stylesheet', 'image', 'media', 'ping', 'beacon', 'other'];

export function requestFilter(resourceTypeEnum: Record<string, string> | undefined): { urls: string[]; types?: string[] } {
  const known = resourceTypeEnum ? new Set(Object.values(resourceTypeEnum)) : undefined;
  if (!known || known.size === 0) return { urls: ['<all_urls>'] };
  return { urls: ['<all_urls>'], types: WANTED.filter((t) => known.has(t)) };
}
