import { toCsv } from './csv.util';
import { renderTextPdf, toAsciiText, wrapLines } from './pdf.util';

describe('exports', () => {
  it('writes RFC 4180 CSV and defuses spreadsheet formulas', () => {
    expect(toCsv(['a', 'b'], [['x,y', '=SUM(A1)'], ['say "hi"', null]])).toBe('a,b\r\n"x,y",\'=SUM(A1)\r\n"say ""hi""",\r\n');
  });

  it('writes a PDF whose cross-reference offsets point at its objects', () => {
    const pdf = renderTextPdf('Lịch sử truy cập', Array.from({ length: 150 }, (_, i) => `line ${i} (Đà Nẵng)`)).toString('latin1');
    expect(pdf.startsWith('%PDF-1.4\n')).toBe(true);
    expect(pdf).toContain('(line 0 \\(Da Nang\\)) Tj');
    expect(pdf).toContain('/Count 2');
    const xref = Number(/startxref\n(\d+)/.exec(pdf)![1]);
    expect(pdf.slice(xref, xref + 4)).toBe('xref');
    const offsets = [...pdf.slice(xref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    offsets.forEach((offset, i) => expect(pdf.slice(offset).startsWith(`${i + 1} 0 obj`)).toBe(true));
  });

  it('drops diacritics for the standard PDF font and wraps long lines', () => {
    expect(toAsciiText('Nguyễn Văn Đức ✓')).toBe('Nguyen Van Duc ?');
    expect(wrapLines(['x'.repeat(130)], 100)).toEqual(['x'.repeat(100), '    ' + 'x'.repeat(30)]);
  });
});
