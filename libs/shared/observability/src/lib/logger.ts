import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

/**
 * Keys whose values are personal data or secrets. At any depth, in any letter case, their
 * values are replaced before a line is written, so a careless `log({ citizenId })` or
 * `log({ request: { body: { claims } } })` cannot leak an ID number or a claimed value.
 */
export const REDACTED_KEYS = [
  'idNumber',
  'citizenId',
  'fullName',
  'name',
  'password',
  'authorization',
  'apiKey',
  'token',
  'accessToken',
  'deviceToken',
  'claims',
  'dateOfBirth',
  'address',
  'phone',
  'email',
] as const;

const REDACTED = new Set<string>(REDACTED_KEYS.map((key) => key.toLowerCase()));

/** Twelve digits not inside a longer run of digits: a citizen ID number, also when glued to letters ("id001090012345"). */
const ID_NUMBER_PATTERN = /(?<!\d)\d{12}(?!\d)/g;

/** Deeper than this a logged value is cut off: log lines are not for whole object graphs. */
const MAX_DEPTH = 8;

/** Masks anything that looks like a citizen ID number in a message string. */
export function scrubText(text: string): string {
  return text.replace(ID_NUMBER_PATTERN, '[id-number]');
}

/**
 * A copy of a log line's fields that can be written: values under a redacted key are
 * `[redacted]` and every string (error messages and stacks too: a database error quotes the
 * row it refused) has ID numbers masked, at any depth. Errors become `{ type, message, stack }`
 * plus their code; cycles become `[circular]`.
 */
export function scrubLogFields(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  seen.add(value);
  try {
    if (value instanceof Error) {
      const code = (value as { code?: unknown }).code;
      return {
        type: value.name,
        message: scrubText(value.message),
        ...(value.stack ? { stack: scrubText(value.stack) } : {}),
        ...(code !== undefined ? { code: scrubLogFields(code, depth + 1, seen) } : {}),
      };
    }
    if (Array.isArray(value)) return value.map((item) => scrubLogFields(item, depth + 1, seen));
    if (value instanceof Date) return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = REDACTED.has(key.toLowerCase()) ? '[redacted]' : scrubLogFields(item, depth + 1, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

export function createLogger(
  service: string,
  level: string,
  destination?: pino.DestinationStream,
): Logger {
  return pino(
    {
      level,
      base: { service },
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }), log: (fields) => scrubLogFields(fields) as Record<string, unknown> },
      // The formatter has already made errors plain and masked; pino's own error serializer would retype them.
      serializers: { err: (value: unknown) => value },
      hooks: {
        logMethod(args, method) {
          const scrubbed: unknown[] = args.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg));
          // pino would take an error's message as the line's message past the formatter: scrub it here.
          const [first, second] = scrubbed;
          if (first instanceof Error) scrubbed.splice(0, 1, { err: first }, ...(typeof second === 'string' ? [] : [scrubText(first.message)]));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

/** Nest's logger interface on top of pino, so framework messages are JSON lines too. */
export class JsonLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string) {
    this.write('info', message, context);
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace: trace ? scrubText(trace) : undefined }, this.text(message));
  }
  warn(message: unknown, context?: string) {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string) {
    this.write('trace', message, context);
  }
  fatal(message: unknown, context?: string) {
    this.write('fatal', message, context);
  }

  private write(level: 'info' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, context?: string) {
    if (typeof message === 'object' && message !== null) {
      this.logger[level]({ context, ...message });
    } else {
      this.logger[level]({ context }, this.text(message));
    }
  }

  private text(message: unknown): string {
    return message instanceof Error ? message.message : String(message);
  }
}
