/** How lists of names read in messages: short, with "and" before the last. */

/** "a", "a and b", "a, b and c", "a, b, c and 4 more". */
export function joinAnd(names: readonly string[], max = 3): string {
  if (names.length > max) return listNames(names, max);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** "a, b, c and 4 more": lists in messages stay short. */
export function listNames(names: readonly string[], max = 3): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
