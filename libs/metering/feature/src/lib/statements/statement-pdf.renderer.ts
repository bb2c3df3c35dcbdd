import PDFDocument from 'pdfkit';
import { MonthlyStatement, groupVnd } from '@consentry/metering-domain';

// DejaVu Sans covers Vietnamese; the PDF's standard fonts (WinAnsi) cannot print "Ngân hàng".
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

const PRODUCT_NAMES: Record<string, string> = {
  SPDC01: 'Verification of citizen information',
  SPDC02: 'Information returned by SMS',
  SPDC03: 'E-document via the public-service portal',
  SPDC04: 'E-document via software application (API)',
  SPDC05: 'Information returned on paper',
};

const COLUMNS = [
  { title: 'Product', width: 52 },
  { title: 'Purpose', width: 88 },
  { title: 'Requests', width: 52, right: true },
  { title: 'Fields', width: 52, right: true },
  { title: 'Charged', width: 66, right: true },
  { title: 'Refunds / corr.', width: 66, right: true },
  { title: 'Net (VND)', width: 70, right: true },
  { title: 'Waived', width: 60, right: true },
];

/**
 * The statement as an A4 PDF an accountant can file: who, which month (Vietnam time), balances,
 * one row per product and purpose, exemptions applied, totals, and the fee schedule versions.
 * `generatedAt` is passed in so the same statement renders to the same bytes.
 */
export function renderStatementPdf(s: MonthlyStatement, generatedAt: Date): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 40,
    info: { Title: `Fee statement ${s.period.month} - ${s.organisation.name}`, Author: 'Consentry', CreationDate: generatedAt, ModDate: generatedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', FONT);
  doc.registerFont('bold', FONT_BOLD);

  doc.font('bold').fontSize(15).text('Statement of fees for the use of population data');
  doc.font('body').fontSize(9).fillColor('#444').text('Bảng kê phí khai thác, sử dụng thông tin trong Cơ sở dữ liệu quốc gia về dân cư').fillColor('black');
  doc.moveDown(0.8);
  const [firstDay, lastDay] = [s.period.month + '-01', lastDayOf(s.period.month)];
  keyValues(doc, [
    ['Organisation', s.organisation.name],
    ['Organisation id', s.organisation.id],
    ['Period', `${s.period.month} (${firstDay} 00:00 to ${lastDay} 24:00, Asia/Ho_Chi_Minh)`],
    ['Currency', 'VND (whole đồng)'],
    ['Fee schedules applied', s.scheduleVersions.length ? s.scheduleVersions.join(', ') : '(none)'],
    ['Generated', generatedAt.toISOString()],
  ]);
  doc.moveDown(0.6);
  doc.font('bold').fontSize(11).text('Balance');
  keyValues(doc, [
    ['Opening prepaid balance', groupVnd(s.openingBalanceVnd)],
    ['Top-ups', groupVnd(s.totals.topUpsVnd)],
    ['Net fees', groupVnd(s.totals.netFeesVnd)],
    ['Closing prepaid balance', groupVnd(s.closingBalanceVnd)],
  ]);
  doc.moveDown(0.6);
  doc.font('bold').fontSize(11).text('Fees by product and purpose');
  table(doc, [
    ...s.lines.map((l) => [
      l.product, l.purpose, String(l.requests), groupVnd(l.fields), groupVnd(l.chargedVnd),
      groupVnd((-BigInt(l.refundedVnd) + BigInt(l.correctionsVnd)).toString()), groupVnd(l.netVnd), groupVnd(l.waivedVnd),
    ]),
    ['Total', '', String(s.totals.requests), groupVnd(s.totals.fields), groupVnd(s.totals.chargedVnd),
      groupVnd((-BigInt(s.totals.refundedVnd) + BigInt(s.totals.correctionsVnd)).toString()), groupVnd(s.totals.netFeesVnd), groupVnd(s.totals.waivedVnd)],
  ]);
  doc.moveDown(0.4);
  doc.font('body').fontSize(8).fillColor('#444');
  for (const code of [...new Set(s.lines.map((l) => l.product))]) doc.text(`${code}: ${PRODUCT_NAMES[code] ?? code}`);
  doc.fillColor('black').moveDown(0.6);
  doc.font('bold').fontSize(11).text('Exemptions applied');
  doc.font('body').fontSize(9);
  if (s.exemptions.length === 0) doc.text('None.');
  for (const e of s.exemptions) doc.text(`${describeExemption(e.exemption)}: ${e.requests} requests, ${groupVnd(e.fields)} fields, ${groupVnd(e.waivedVnd)} VND not charged`);
  doc.moveDown(1);
  doc.fontSize(8).fillColor('#444').text(
    'Fees per information field under Circular 48/2022/TT-BTC as versioned in the fee schedules named above. Net = charged - refunds ± corrections; ' +
      'refunds and corrections are booked in the month they are made, against the product and purpose of the original charge. ' +
      'Waived = fees not charged because of an exemption (state agencies, specialised-database agencies, political and socio-political organisations, a citizen’s own data).',
  );
  doc.end();
  return done;
}

function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

function describeExemption(e: string): string {
  if (e === 'citizen-self') return "Citizen's access to own data";
  return 'Exempt organisation (' + e.replace('organisation-kind:', '') + ')';
}

function keyValues(doc: PDFKit.PDFDocument, rows: [string, string][]) {
  doc.fontSize(9);
  for (const [k, v] of rows) {
    const y = doc.y;
    doc.font('bold').text(k, 40, y, { width: 150 });
    doc.font('body').text(v, 195, y, { width: 360 });
    doc.x = 40;
  }
}

function table(doc: PDFKit.PDFDocument, rows: string[][]) {
  const draw = (cells: string[], bold: boolean) => {
    if (doc.y > 760) doc.addPage();
    const y = doc.y;
    let x = 40;
    doc.font(bold ? 'bold' : 'body').fontSize(8);
    let height = 0;
    cells.forEach((c, i) => {
      const col = COLUMNS[i];
      doc.text(c, x + 2, y, { width: col.width - 4, align: col.right ? 'right' : 'left' });
      height = Math.max(height, doc.y - y);
      x += col.width;
    });
    doc.y = y + height + 3;
    doc.moveTo(40, doc.y - 1.5).lineTo(x, doc.y - 1.5).lineWidth(0.3).strokeColor('#999').stroke();
    doc.x = 40;
  };
  draw(COLUMNS.map((c) => c.title), true);
  rows.forEach((r, i) => draw(r, i === rows.length - 1));
}
