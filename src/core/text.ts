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

/** Levenshtein distance (insertions, deletions, substitutions): how "closest name" suggestions are ranked. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length]!;
}
