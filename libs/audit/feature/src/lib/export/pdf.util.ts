/**
 * A minimal PDF 1.4 writer for text reports: A4 pages of monospaced lines in the standard
 * Courier font, no dependencies. Standard fonts cover only Latin-1, so Vietnamese text is shown
 * without its diacritics (the CSV export keeps the exact text).
 */
const PAGE_WIDTH = 595;
const PAGE_HEIGHT = 842;
const MARGIN = 36;
const FONT_SIZE = 7.5;
const LEADING = 10;
export const PDF_LINE_CHARS = 124;
const LINES_PER_PAGE = Math.floor((PAGE_HEIGHT - 2 * MARGIN) / LEADING);

export function toAsciiText(text: string): string {
  return text
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '?');
}

const escapePdf = (text: string) => text.replace(/[\\()]/g, (c) => `\\${c}`);

/** Wraps long lines at the page width. */
export function wrapLines(lines: readonly string[], width = PDF_LINE_CHARS): string[] {
  return lines.flatMap((line) => {
    const ascii = toAsciiText(line);
    if (ascii.length <= width) return [ascii];
    const parts: string[] = [];
    for (let at = 0; at < ascii.length; at += width) parts.push((at ? '    ' : '') + ascii.slice(at, at + width - (at ? 4 : 0)));
    return parts;
  });
}

export function renderTextPdf(title: string, lines: readonly string[]): Buffer {
  const body = wrapLines(lines);
  const pages: string[][] = [];
  for (let at = 0; at < Math.max(body.length, 1); at += LINES_PER_PAGE - 2) pages.push(body.slice(at, at + LINES_PER_PAGE - 2));
  const objects: string[] = [];
  // Object numbers start at 1: the new length of the list is the number of the object just added.
  const add = (content: string) => objects.push(content);
  const catalog = add('');
  const pagesObj = add('');
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>');
  const kids: number[] = [];
  pages.forEach((pageLines, p) => {
    const heading = `${toAsciiText(title)}   page ${p + 1} of ${pages.length}`;
    const text = [heading, '', ...pageLines]
      .map((line, i) => `1 0 0 1 ${MARGIN} ${PAGE_HEIGHT - MARGIN - i * LEADING} Tm (${escapePdf(line)}) Tj`)
      .join('\n');
    const stream = `BT /F1 ${FONT_SIZE} Tf\n${text}\nET`;
    const content = add(`<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`);
    kids.push(add(`<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`));
  });
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objects[pagesObj - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;

  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((content, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${content}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
