import PDFDocument from 'pdfkit';
import type { BreachDto } from './breach.dto';

// As the metering statements: DejaVu Sans prints Vietnamese, the PDF standard fonts cannot.
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

/** The report as label / value pairs, in the order the authority's form asks for them. */
export function breachReportRows(b: BreachDto): [string, string][] {
  return [
    ['Breach id', b.id],
    ['Reported by', b.reportedByKind === 'operator' ? 'Platform operator' : `Organisation ${b.organisationId}`],
    ['Discovered at', b.discoveredAt],
    ['Reported at', b.reportedAt],
    ['Authority to be notified by (72 h)', b.notifyBy],
    ['Status', b.status],
    ['Authority notified at', b.authorityNotifiedAt ?? 'not yet'],
    ['Authority reference', b.authorityReference ?? ''],
    ['What happened', b.description],
    ['Categories of personal data', b.dataCategories.join(', ')],
    ['Sensitive personal data involved', b.sensitiveData ? 'yes' : 'no'],
    ['Approximate number of citizens affected', b.affectedCitizens === null ? 'not yet known' : String(b.affectedCitizens)],
    ['Measures taken or planned', b.measures ?? ''],
    ['Reminders and escalation', b.deadlineEvents.map((e) => `${e.kind} at ${e.at}`).join('; ')],
    ['Deadline rules', b.deadlineRulesVersion],
  ];
}

/** RFC 4180 CSV of label / value rows; a cell that a spreadsheet would run as a formula gets a leading apostrophe. */
export function renderBreachCsv(b: BreachDto): string {
  const cell = (v: string) => {
    const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return ['field,value', ...breachReportRows(b).map(([k, v]) => `${cell(k)},${cell(v)}`)].join('\r\n') + '\r\n';
}

/** A printable A4 form of the report; `generatedAt` is passed in so the same report renders the same. */
export function renderBreachPdf(b: BreachDto, generatedAt: Date): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: `Personal-data breach report ${b.id}`, Author: 'Consentry', CreationDate: generatedAt, ModDate: generatedAt } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', FONT);
  doc.registerFont('bold', FONT_BOLD);
  doc.font('bold').fontSize(15).text('Personal-data breach report');
  doc.font('body').fontSize(9).fillColor('#444').text('Thông báo vi phạm quy định về bảo vệ dữ liệu cá nhân (Law 91/2025/QH15; notify within 72 hours of discovery)').fillColor('black');
  doc.moveDown(0.8);
  for (const [label, value] of breachReportRows(b)) {
    doc.font('bold').fontSize(9).text(label);
    doc.font('body').fontSize(10).text(value || '-');
    doc.moveDown(0.4);
  }
  doc.moveDown(0.6).font('body').fontSize(8).fillColor('#444').text(`Generated ${generatedAt.toISOString()} by Consentry from the breach register.`);
  doc.end();
  return done;
}
