// Share links of the variants workbench: a rule-set text compressed with the browser's own deflate-raw, in
// base64url, for the URL fragment (`#rs=`), which is never sent to a server.
//
// A link comes from anyone, so decoding is bounded: the link's length is checked first, and the inflated size is
// counted while inflating, so a small link that would inflate to gigabytes stops at the limit. Errors are thrown
// as `Error("<code>")` (`link-too-long`, `link-not-base64`, `link-too-large`, `link-not-deflate`, `link-not-utf8`);
// the page turns the code into words. The limits come from the page (`MAX_LINK_CODE`, `MAX_LINK_TEXT` in
// variants_state.rs).

export async function share_encode(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export async function share_decode(code, maxCode, maxText) {
  if (code.length > maxCode) throw new Error('link-too-long');
  const base64 = code.replace(/-/g, '+').replace(/_/g, '/');
  let binary;
  try {
    binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  } catch {
    throw new Error('link-not-base64');
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    let chunk;
    try {
      chunk = await reader.read();
    } catch {
      throw new Error('link-not-deflate');
    }
    if (chunk.done) break;
    size += chunk.value.length;
    if (size > maxText) {
      await reader.cancel().catch(() => {});
      throw new Error('link-too-large');
    }
    chunks.push(chunk.value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(all);
  } catch {
    throw new Error('link-not-utf8');
  }
}

// Copy a share link to the clipboard; resolves to true when copied (false when the browser refused: the page then
// says to copy it from the field, which is selected).
export async function share_copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
