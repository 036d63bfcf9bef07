/** ANSI colour for the text format on a terminal; the line shape (and the problem matcher's regex) is unchanged. */
const CODES = { error: '\u001b[31m', warning: '\u001b[33m', note: '\u001b[36m' } as const;
const RESET = '\u001b[0m';

export function colorizeText(text: string): string {
  return text.replace(/: (error|warning|note): /g, (_m, level: keyof typeof CODES) => `: ${CODES[level]}${level}${RESET}: `);
}
