/** Image type from the bytes themselves: names and servers lie, and a wrong type breaks EPUBs. */
export function sniffImageType(data: Buffer): { mediaType: string; extension: string } | undefined {
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { mediaType: 'image/png', extension: 'png' };
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return { mediaType: 'image/jpeg', extension: 'jpg' };
  if (data.length >= 6 && /^GIF8[79]a/.test(data.subarray(0, 6).toString('latin1'))) return { mediaType: 'image/gif', extension: 'gif' };
  if (data.length >= 12 && data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP') return { mediaType: 'image/webp', extension: 'webp' };
  const head = data.subarray(0, 512).toString('utf8').trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head)) return { mediaType: 'image/svg+xml', extension: 'svg' };
  return undefined;
}
