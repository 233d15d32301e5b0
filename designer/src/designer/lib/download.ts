/** Hands a file made in the page to the browser's downloads (an export, a zip), under a name. */
export function downloadFile(name: string, blob: Blob): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}
