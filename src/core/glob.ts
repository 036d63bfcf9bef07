/** `shop/*`, `Subnet/Private*`, `*.amazonaws.com`: `*` is any run of characters (also `/` and `.`), `?` one character. */
export function globToRegExp(glob: string, flags = ''): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, flags);
}
