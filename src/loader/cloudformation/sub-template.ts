/**
 * The string of Fn::Sub cut into literal text and `${Name}` variables. `${!Literal}` stands for the text
 * `${Literal}` (the documented escape); a `${` without its `}` is plain text.
 */
export type SubPart = { text: string } | { variable: string };

export function parseSubTemplate(template: string): SubPart[] {
  const parts: SubPart[] = [];
  let text = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('${', i);
    const close = open < 0 ? -1 : template.indexOf('}', open + 2);
    if (open < 0 || close < 0) {
      text += template.slice(i);
      break;
    }
    text += template.slice(i, open);
    const inner = template.slice(open + 2, close);
    if (inner.startsWith('!')) {
      text += `\${${inner.slice(1)}}`;
    } else {
      if (text) parts.push({ text });
      text = '';
      parts.push({ variable: inner.trim() });
    }
    i = close + 1;
  }
  if (text) parts.push({ text });
  return parts;
}
