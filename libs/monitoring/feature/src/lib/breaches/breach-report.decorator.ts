import { Get, Header, applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces } from '@nestjs/swagger';

// The report downloads are the same route, headers and documentation under every viewer's
// controller (organisation, operator, regulator); only the handler's scope of `get` differs.

/** `GET :id/report.csv`: the breach report as a CSV download. */
export function BreachReportCsvRoute(): MethodDecorator {
  return applyDecorators(
    Get(':id/report.csv'),
    Header('Content-Type', 'text/csv; charset=utf-8'),
    Header('Content-Disposition', 'attachment; filename="breach-report.csv"'),
    ApiProduces('text/csv'),
    ApiOperation({ summary: 'The breach report as CSV (field, value)' }),
    ApiOkResponse({ type: String }),
  );
}

/** `GET :id/report.pdf`: the breach report as a PDF download. */
export function BreachReportPdfRoute(): MethodDecorator {
  return applyDecorators(
    Get(':id/report.pdf'),
    Header('Content-Type', 'application/pdf'),
    Header('Content-Disposition', 'attachment; filename="breach-report.pdf"'),
    ApiProduces('application/pdf'),
    ApiOperation({ summary: 'The breach report as a printable PDF form' }),
    ApiOkResponse({ description: 'PDF document', schema: { type: 'string', format: 'binary' } }),
  );
}
