// Saving a report from an extension page without the "downloads" permission: a Blob behind an
// object URL, clicked through an <a download>. Chromium and Firefox both honour `download` on
// extension pages (same-origin blob: URLs); the URL is revoked once the click has been handed off.
export function downloadFile(fileName: string, mimeType: string, content: string, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  doc.body.appendChild(a);
  a.click();
  a.remove();
  // Revoking synchronously can cancel the download in Firefox; a minute is far more than needed.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
