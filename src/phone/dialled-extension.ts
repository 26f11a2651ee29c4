/**
 * What a caller dialled after the service code: `*713*1*2#` with service code `*713#` (or `713`) → `1*2`.
 * Session-style dialects (Hubtel's `Initiation`, USSD over SMPP's PSSR indication) send the whole dialled
 * string on the first hop; the canonical hop wants only the extension.
 */
export function dialledExtension(dialled: string, serviceCode: string): string | null {
  const bare = (s: string): string => s.trim().replace(/^\*+/, '').replace(/#+$/, '');
  const parts = bare(dialled)
    .split('*')
    .filter((p) => p !== '');
  const base = bare(serviceCode)
    .split('*')
    .filter((p) => p !== '');
  // A service code the gateway also reports (`*713*5#` as a sub-code) is matched whole; otherwise the
  // first part of the dialled string is taken as the code.
  const matches = base.length > 0 && base.every((p, i) => parts[i] === p);
  const rest = parts.slice(matches ? base.length : 1);
  return rest.length > 0 ? rest.join('*') : null;
}
