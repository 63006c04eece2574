// Markdown and emoji clean-up. LLM output is full of markup; an engine would read "**" as
// "asterisk asterisk" or pause on it, and most engines say nothing useful for emoji.
//
// Block structure is read line by line with plain string operations, and every inline pattern
// is bounded to one line and a fixed length, so the cost is linear in the input whatever it holds
// (a heading of 4,000 spaces, 4,000 newlines, or 4,000 unclosed brackets).

/** Strips markdown, HTML tags and emoji, turning block structure (headings, list items) into sentences. */
export function cleanMarkup(text: string): string {
  const out: string[] = [];
  let fence = '';
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.replace(/\t/g, ' ');
    const body = line.trimStart();
    const indent = line.length - body.length;
    // Code is skipped: reading source aloud helps no one. A fence opens and closes with its own marker.
    if (fence) {
      if (body.startsWith(fence)) fence = '';
      continue;
    }
    if (body.startsWith('```') || body.startsWith('~~~')) {
      fence = body.slice(0, 3);
      out.push('');
      continue;
    }
    const kept = block(body, indent);
    if (kept !== null) out.push(kept);
  }
  const joined = inline(out.join('\n')).replace(/\n{3,}/g, '\n\n');
  return joined.replace(/[ \t]+/g, ' ').replace(/ \n/g, '\n').replace(/\n /g, '\n').trim();
}

/** One line's block markup: headings, rules, quotes, list items, table rows. */
function block(body: string, indent: number): string | null {
  if (isRule(body)) return '';
  if (indent <= 3 && body.startsWith('#')) {
    let level = 0;
    while (level < body.length && body[level] === '#') level++;
    if (level <= 6 && (level === body.length || body[level] === ' ')) {
      let end = body.length;
      while (end > level && (body[end - 1] === '#' || body[end - 1] === ' ')) end--;
      return endSentence(body.slice(level, end));
    }
  }
  while (body.startsWith('>')) body = body.slice(1).trimStart();
  if (/^[-*+•] /.test(body)) return endSentence(body.slice(2));
  const numbered = /^(\d{1,9})[.)] /.exec(body);
  if (numbered) return endSentence(`${numbered[1]}, ${body.slice(numbered[0].length)}`);
  if (body.includes('|')) {
    if (/^\|? ?:?-{3}/.test(body)) return null; // table separator row: no line at all
    const cells = body.split('|').map((c) => c.trim());
    if (cells[0] === '') cells.shift();
    if (cells.length && cells[cells.length - 1] === '') cells.pop();
    return cells.join(', ');
  }
  return body;
}

/** A horizontal rule: three or more of one of - * _, spaces allowed between. */
function isRule(body: string): boolean {
  const marker = body[0];
  if (marker !== '-' && marker !== '*' && marker !== '_') return false;
  let count = 0;
  for (const ch of body) {
    if (ch === marker) count++;
    else if (ch !== ' ') return false;
  }
  return count >= 3;
}

/** Inline markup; every pattern stays within one line and has a bounded span. */
function inline(t: string): string {
  return t
    .replace(/`([^`\n]{1,500})`/g, '$1') // inline code keeps its words
    .replace(/!\[([^[\]\n]{0,300})\]\([^()\n]{0,1000}\)/g, '$1') // images: their alt text
    .replace(/\[([^[\]\n]{1,300})\]\([^()\n]{0,1000}\)/g, '$1') // links: their text
    .replace(/<\/?[a-zA-Z][^<>\n]{0,300}>/g, ' ')
    .replace(/(\*\*|__)(?=\S)([^\n]{0,500}?\S)\1/g, '$2') // bold
    .replace(/(?<![\w*])([*_])(?=[^\s*_])([^*_\n]{0,500}?[^\s*_])\1(?![\w*])|(?<![\w*])([*_])([^\s*_])\3(?![\w*])/g, '$2$4') // italics
    .replace(/~~(?=\S)([^\n]{0,500}?\S)~~/g, '$1')
    // Emoji, their modifiers and joiners; keycap digits and plain symbols like © stay.
    .replace(/(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator})[\u{FE0F}\u{200D}]*/gu, ' ')
    .replace(/[\u{FE0F}\u{200D}]/gu, '');
}

/** A heading or list item becomes its own sentence, so the voice pauses after it. */
function endSentence(line: string): string {
  const s = line.trim();
  return /[.!?:;…]$/.test(s) || !s ? s : `${s}.`;
}
