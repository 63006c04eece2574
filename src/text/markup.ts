// Markdown and emoji clean-up. LLM output is full of markup; an engine would read "**" as
// "asterisk asterisk" or pause on it, and most engines say nothing useful for emoji.

/** Strips markdown, HTML tags and emoji, turning block structure (headings, list items) into sentences. */
export function cleanMarkup(text: string): string {
  let t = text.replace(/\r\n?/g, '\n');
  // Code is skipped: reading source aloud helps no one. Inline code keeps its words.
  t = t.replace(/^\s*(```|~~~)[^\n]*\n[\s\S]*?(?:\n\s*\1[^\n]*|$)/gm, '\n');
  t = t.replace(/`([^`\n]+)`/g, '$1');
  t = t.replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1'); // images: their alt text
  t = t.replace(/\[([^\]]+)\]\([^)]*\)/g, '$1'); // links: their text
  t = t.replace(/<\/?[a-zA-Z][^>]*>/g, ' ');
  t = t.replace(/^\s{0,3}(?:[-*_]\s*){3,}$/gm, ''); // horizontal rules
  t = t.replace(/^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/gm, (_, h: string) => endSentence(h)); // headings
  t = t.replace(/^\s*>\s?/gm, ''); // block quotes
  t = t.replace(/^\s*[-*+•]\s+(.*)$/gm, (_, item: string) => endSentence(item)); // bullets
  t = t.replace(/^\s*(\d+)[.)]\s+(.*)$/gm, (_, n: string, item: string) => endSentence(`${n}, ${item}`)); // numbered items
  t = t.replace(/^\s*\|?\s*:?-{3,}.*$/gm, ''); // table separator rows
  t = t.replace(/\s*\|\s*/g, ', ').replace(/^, |, $/gm, ''); // table cells
  t = t.replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2'); // bold
  t = t.replace(/(?<![\w*])([*_])(?=\S)([^*_\n]*?\S)\1(?![\w*])/g, '$2'); // italics
  t = t.replace(/~~(?=\S)([\s\S]*?\S)~~/g, '$1');
  // Emoji, their modifiers and joiners; keycap digits and plain symbols like © stay.
  t = t.replace(/(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator})[\u{FE0F}\u{200D}]*/gu, ' ').replace(/[\u{FE0F}\u{200D}]/gu, '');
  t = t.replace(/\n{2,}/g, '\n\n');
  return t.replace(/[ \t]+/g, ' ').replace(/ +\n/g, '\n').replace(/\n +/g, '\n').trim();
}

/** A heading or list item becomes its own sentence, so the voice pauses after it. */
function endSentence(line: string): string {
  const s = line.trim();
  return /[.!?:;…]$/.test(s) || !s ? s : `${s}.`;
}
