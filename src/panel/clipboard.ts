// Writing to the clipboard from an extension page. Inside DevTools the panel is an iframe of the
// DevTools front end, where the async Clipboard API can be refused (permissions policy, focus),
// so the old selection + execCommand('copy') path is the fallback.
export async function writeClipboard(text: string, doc: Document = document): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // fall through
  }
  const area = doc.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  doc.body.appendChild(area);
  const active = doc.activeElement as HTMLElement | null;
  area.select();
  const ok = doc.execCommand('copy');
  area.remove();
  active?.focus();
  if (!ok) throw new Error('copy refused');
}
